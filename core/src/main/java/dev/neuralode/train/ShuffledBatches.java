package dev.neuralode.train;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * Mini-batches of the rows of a matrix, sampled without replacement within an epoch: each batch is the
 * next {@code batch} rows of a seeded permutation, and a new permutation is drawn whenever the current
 * one runs out (so a batch may straddle two epochs). With {@code batch ≥ n} every batch holds n rows.
 *
 * <p>The permutations come from the {@link Rng} given, which the caller may share with other draws
 * (the order of draws is then part of the run's determinism). The indices come from a {@link
 * BatchSchedule}, which a distributed trainer uses alone. Not thread-safe.
 */
public final class ShuffledBatches {
  private final double[] rows;
  private final int n;
  private final int d;
  private final BatchSchedule schedule;

  /**
   * Batches of a matrix. Draws the first permutation from {@code rng}.
   *
   * @param data the rows, shape {@code [n, d]} with n ≥ 1; not modified (copied)
   * @param batch the batch size, at least 1; capped at n
   * @param rng the source of the permutations; advanced
   * @throws IllegalArgumentException if data is not a non-empty matrix, batch is below 1 or rng is null
   */
  public ShuffledBatches(Tensor data, int batch, Rng rng) {
    if (data == null || data.rank() != 2 || data.dim(0) < 1 || batch < 1 || rng == null) {
      throw new IllegalArgumentException("need data of shape [n, d] with n >= 1, batch >= 1 and an Rng; got data"
          + (data == null ? "=null" : " of shape " + java.util.Arrays.toString(data.shape())) + ", batch=" + batch
          + ", rng=" + rng);
    }
    this.rows = data.toArray();
    this.n = data.dim(0);
    this.d = data.dim(1);
    this.schedule = new BatchSchedule(n, batch, rng);
  }

  /**
   * The next batch. Advances this sampler (and its Rng when a new epoch starts).
   *
   * @return a new tensor of shape {@code [min(batch, n), d]}
   */
  public Tensor next() {
    int[] idx = schedule.next();
    double[] out = new double[idx.length * d];
    for (int r = 0; r < idx.length; r++) {
      System.arraycopy(rows, idx[r] * d, out, r * d, d);
    }
    return Tensor.of(out, idx.length, d);
  }

  /**
   * The sampler's position, for a checkpoint: the current epoch's permutation and the next index
   * in it. (Its Rng's position is the Rng's own {@link Rng#state()}.)
   *
   * @param perm the permutation of the rows
   * @param cursor the next position in it, {@code 0..n}
   */
  public record State(int[] perm, int cursor) {
    /**
     * Copies the permutation.
     *
     * @param perm see the record
     * @param cursor see the record
     */
    public State {
      perm = perm == null ? null : perm.clone();
    }
  }

  /**
   * Returns the position.
   *
   * @return a copy
   */
  public State state() {
    return new State(schedule.permutation(), schedule.cursor());
  }

  /**
   * Moves to a checkpoint's position.
   *
   * @param state a state of a sampler over the same rows
   * @throws IllegalArgumentException if it does not fit these rows
   */
  public void restore(State state) {
    if (state == null || state.perm() == null || state.perm().length != n || state.cursor() < 0
        || state.cursor() > n) {
      throw new IllegalArgumentException("state does not fit a sampler of " + n + " rows; give"
          + " the state of the same data");
    }
    schedule.position(state.perm(), state.cursor());
  }
}
