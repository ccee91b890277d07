package dev.neuralode.train;

import dev.neuralode.tensor.Rng;

/**
 * The row indices of mini-batches sampled without replacement within an epoch: each batch is the
 * next {@code batch} entries of a seeded permutation of 0..n−1, and a new permutation is drawn
 * whenever the current one runs out (so a batch may straddle two epochs). With {@code batch ≥ n}
 * every batch holds n indices.
 *
 * <p>This is the schedule of {@link ShuffledBatches} without the data, so that a driver can choose
 * the rows of each step while the rows themselves live elsewhere (for example in the partitions of
 * a distributed data set): for the same n, batch size and Rng state both give the same rows in the
 * same order and advance the Rng alike. Not thread-safe.
 */
public final class BatchSchedule {
  private final int n;
  private final int batch;
  private final Rng rng;
  private int[] perm;
  private int cursor;

  /**
   * A schedule over n rows. Draws the first permutation from {@code rng}.
   *
   * @param n the number of rows, at least 1
   * @param batch the batch size, at least 1; capped at n
   * @param rng the source of the permutations; advanced
   * @throws IllegalArgumentException if n or batch is below 1 or rng is null
   */
  public BatchSchedule(int n, int batch, Rng rng) {
    if (n < 1 || batch < 1 || rng == null) {
      throw new IllegalArgumentException("need n >= 1 rows, batch >= 1 and an Rng; got n=" + n + ", batch="
          + batch + ", rng=" + rng);
    }
    this.n = n;
    this.batch = Math.min(batch, n);
    this.rng = rng;
    this.perm = rng.permutation(n);
  }

  /**
   * The batch size after capping at n.
   *
   * @return min(batch, n)
   */
  public int batch() {
    return batch;
  }

  /**
   * The rows of the next batch. Advances this schedule (and its Rng when a new epoch starts).
   *
   * @return a new array of {@link #batch()} row indices in [0, n), distinct unless the batch
   *     straddles two epochs
   */
  public int[] next() {
    int[] out = new int[batch];
    for (int r = 0; r < batch; r++) {
      if (cursor == n) {
        perm = rng.permutation(n);
        cursor = 0;
      }
      out[r] = perm[cursor++];
    }
    return out;
  }

  /** The current epoch's permutation (a copy), for a checkpoint. */
  int[] permutation() {
    return perm.clone();
  }

  /** The next position in the permutation, {@code 0..n}. */
  int cursor() {
    return cursor;
  }

  /** Moves to a checkpoint's position; the caller has checked that it fits n rows. */
  void position(int[] permutation, int next) {
    perm = permutation.clone();
    cursor = next;
  }
}
