package dev.neuralode.train;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The fixed data structures of a {@link ShootingFit}: collocation targets, segments, their initial
 * guesses and the batched solves of the shooting and polish phases with their masks. Built once
 * from the data and the settings; holds no trainable state.
 */
final class ShootingLayout {

  /**
   * One batched solve: rows start together at relative time 0 (or, for time-dependent dynamics,
   * one row at its own model time) and are compared with the data at the union of their times.
   *
   * @param rows the rows of the initial-state parameter this solve starts from
   * @param times the solve's output times, strictly increasing, the first the start
   * @param target the observed values {@code [T, B, m]} (0 where a row has no point)
   * @param weight the weight of each value {@code [T, B, m]} (0 where a row has no point)
   * @param end 1 at each row's last time, else 0, {@code [T, B, 1]}
   * @param duration the summed length of the rows' time ranges
   */
  record Batch(int[] rows, double[] times, Tensor target, Tensor weight, Tensor end,
      double duration) {}

  /** One row before batching: a start time and the points it covers. */
  private record Row(int row, double start, double[] tau, double[][] z, double[] w) {}

  final int m;
  final int d;
  final double[][] collocationStates;
  final double[][] collocationSlopes;
  final double[] collocationTimes;
  final double[][] groupInit;
  final double[][] segmentInit;
  final boolean[] continues;
  final int segments;
  /** For each segment, the row of the unmerged layout's segment states it starts from. */
  final int[] startRows;
  final List<Batch> shooting;
  final List<Batch> polish;
  final double shootingWeight;
  final double polishWeight;

  ShootingLayout(List<ShootingFit.Series> data, ShootingFit.Settings s) {
    this(data, s, 1);
  }

  /**
   * The layout whose shooting segments are runs of {@code merge} consecutive segments of one
   * series (the last run of a series may be shorter); {@link #startRows} maps each to the segment
   * of the unmerged layout it starts with, whose trained state is its initial state.
   */
  ShootingLayout(List<ShootingFit.Series> data, ShootingFit.Settings s, int merge) {
    m = data.get(0).z()[0].length;
    d = m + s.augment();
    int groups = data.size();
    // smooth every column of every series, and the typical slope of each column for the latent scale
    Collocation.Estimate[][] est = new Collocation.Estimate[groups][m];
    double[] slopeSq = new double[m];
    int total = 0;
    for (int g = 0; g < groups; g++) {
      ShootingFit.Series series = data.get(g);
      int n = series.tau().length;
      total += n;
      for (int j = 0; j < m; j++) {
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
          col[i] = series.z()[i][j];
        }
        est[g][j] = Collocation.smooth(series.tau(), col, Collocation.defaultNeighbours(n));
        for (double v : est[g][j].slope()) {
          slopeSq[j] += v * v;
        }
      }
    }
    double[] slopeScale = new double[m];
    for (int j = 0; j < m; j++) {
      double rms = Math.sqrt(slopeSq[j] / total);
      slopeScale[j] = rms > 0 ? rms : 1;
    }
    collocationStates = new double[total][d];
    collocationSlopes = new double[total][d];
    collocationTimes = new double[total];
    double[][][] state = new double[groups][][];
    int p = 0;
    for (int g = 0; g < groups; g++) {
      int n = data.get(g).tau().length;
      state[g] = new double[n][d];
      for (int i = 0; i < n; i++, p++) {
        collocationTimes[p] = data.get(g).tau()[i];
        for (int j = 0; j < d; j++) {
          if (j < m) {
            state[g][i][j] = est[g][j].value()[i];
            collocationSlopes[p][j] = est[g][j].slope()[i];
          } else if (j - m < m) {
            // latent k holds the scaled slope of column k: a delay-free embedding (z, dz/dτ)
            int c = j - m;
            state[g][i][j] = est[g][c].slope()[i] / slopeScale[c];
            collocationSlopes[p][j] = est[g][c].curvature()[i] / slopeScale[c];
          }
        }
        collocationStates[p] = state[g][i].clone();
      }
    }
    groupInit = new double[groups][];
    for (int g = 0; g < groups; g++) {
      groupInit[g] = state[g][0].clone();
    }

    // segments: series g is cut at b_k = round(k (n − 1) / N_g), neighbours share their boundary
    List<int[]> seg = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      int n = data.get(g).tau().length;
      int count = s.segments() > 0 ? s.segments() : Math.max(1, (n - 1) / 5);
      if (n - 1 < count) {
        throw new IllegalArgumentException("segments: series " + g + " has " + n + " rows, too few"
            + " for " + count + " segments (each needs at least 2 rows, neighbours share one);"
            + " give fewer segments (at most " + (n - 1) + ")");
      }
      for (int k = 0; k < count; k++) {
        seg.add(new int[] {g, (int) Math.round((double) k * (n - 1) / count),
            (int) Math.round((double) (k + 1) * (n - 1) / count)});
      }
    }
    int orig = seg.size();
    double[] count = new double[orig];
    if (s.bootstrap()) {
      Rng rng = new Rng(s.seed() ^ 0x5DEECE66DL);
      for (int k = 0; k < orig; k++) {
        count[rng.nextInt(orig)] += 1;
      }
    } else {
      Arrays.fill(count, 1);
    }
    double[][] pointWeight = new double[groups][];
    for (int g = 0; g < groups; g++) {
      pointWeight[g] = new double[data.get(g).tau().length];
    }
    for (int k = 0; k < orig; k++) {
      int[] sg = seg.get(k);
      for (int i = sg[1]; i <= sg[2]; i++) {
        if (i > sg[1] || i == 0) {
          pointWeight[sg[0]][i] = count[k];
        }
      }
    }
    // merged segments: runs of `merge` consecutive segments of one series (merge 1: the segments)
    List<int[]> merged = new ArrayList<>();
    for (int k = 0; k < orig; ) {
      int g = seg.get(k)[0];
      int last = k;
      while (last + 1 < orig && last + 1 < k + merge && seg.get(last + 1)[0] == g) {
        last++;
      }
      merged.add(new int[] {k, last});
      k = last + 1;
    }
    segments = merged.size();
    startRows = new int[segments];
    segmentInit = new double[segments][];
    continues = new boolean[segments];
    List<Row> shootRows = new ArrayList<>();
    for (int q = 0; q < segments; q++) {
      int first = merged.get(q)[0];
      int last = merged.get(q)[1];
      int g = seg.get(first)[0];
      int from = seg.get(first)[1];
      int to = seg.get(last)[2];
      startRows[q] = first;
      segmentInit[q] = state[g][from].clone();
      continues[q] = q + 1 < segments && seg.get(merged.get(q + 1)[0])[0] == g;
      double[] w = new double[to - from + 1];
      for (int k = first; k <= last; k++) {
        int[] sg = seg.get(k);
        for (int i = sg[1]; i <= sg[2]; i++) {
          if (i > sg[1] || k == first) {
            w[i - from] = count[k];
          }
        }
      }
      shootRows.add(row(q, data.get(g), from, to, w));
    }
    List<Row> polishRows = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      ShootingFit.Series series = data.get(g);
      int n = series.tau().length;
      polishRows.add(row(g, series, 0, n - 1, pointWeight[g].clone()));
    }
    shooting = batches(shootRows, s.timeDependent());
    polish = batches(polishRows, s.timeDependent());
    shootingWeight = weightSum(shooting);
    polishWeight = weightSum(polish);
  }

  private static Row row(int index, ShootingFit.Series series, int from, int to,
      double[] weights) {
    double[] tau = Arrays.copyOfRange(series.tau(), from, to + 1);
    double[][] z = Arrays.copyOfRange(series.z(), from, to + 1);
    return new Row(index, tau[0], tau, z, weights);
  }

  private static double weightSum(List<Batch> batches) {
    double sum = 0;
    for (Batch b : batches) {
      sum += b.weight().sum().item();
    }
    return sum > 0 ? sum : 1;
  }

  /** One batch of all rows in relative time, or (time-dependent) one batch per row. */
  private List<Batch> batches(List<Row> rows, boolean timeDependent) {
    List<Batch> out = new ArrayList<>();
    if (timeDependent) {
      for (Row r : rows) {
        out.add(batch(List.of(r), r.start()));
      }
    } else {
      out.add(batch(rows, 0.0));
    }
    return out;
  }

  private Batch batch(List<Row> rows, double base) {
    TreeSet<Double> union = new TreeSet<>();
    for (Row r : rows) {
      for (double t : r.tau()) {
        union.add(t - r.start());
      }
    }
    double[] rel = union.stream().mapToDouble(Double::doubleValue).toArray();
    int t = rel.length;
    int b = rows.size();
    double[] target = new double[t * b * m];
    double[] weight = new double[t * b * m];
    double[] end = new double[t * b];
    int[] index = new int[b];
    double duration = 0;
    for (int r = 0; r < b; r++) {
      Row row = rows.get(r);
      index[r] = row.row();
      duration += row.tau()[row.tau().length - 1] - row.start();
      for (int i = 0; i < row.tau().length; i++) {
        int k = Arrays.binarySearch(rel, row.tau()[i] - row.start());
        for (int j = 0; j < m; j++) {
          target[(k * b + r) * m + j] = row.z()[i][j];
          weight[(k * b + r) * m + j] = row.w()[i];
        }
        if (i == row.tau().length - 1) {
          end[k * b + r] = 1;
        }
      }
    }
    double[] times = new double[t];
    for (int k = 0; k < t; k++) {
      times[k] = base + rel[k];
    }
    return new Batch(index, times, Tensor.of(target, t, b, m), Tensor.of(weight, t, b, m),
        Tensor.of(end, t, b, 1), duration);
  }
}
