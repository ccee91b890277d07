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
  /** What {@link #merged(int)} builds its runs from: the series, segments, weights and states. */
  private final List<ShootingFit.Series> data;
  private final List<int[]> seg;
  private final double[] count;
  private final double[][][] state;
  private final boolean timeDependent;

  /** The shooting segments of a layout: runs of one or more of the unmerged segments. */
  private record Runs(int[] startRows, double[][] segmentInit, boolean[] continues,
      List<Batch> shooting, double shootingWeight) {}

  ShootingLayout(List<ShootingFit.Series> data, ShootingFit.Settings s) {
    this.data = data;
    timeDependent = s.timeDependent();
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
    state = new double[groups][][];
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
    seg = new ArrayList<>();
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
    count = new double[orig];
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
    Runs runs = runs(1);
    segments = runs.startRows().length;
    startRows = runs.startRows();
    segmentInit = runs.segmentInit();
    continues = runs.continues();
    shooting = runs.shooting();
    shootingWeight = runs.shootingWeight();
    List<Row> polishRows = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      ShootingFit.Series series = data.get(g);
      int n = series.tau().length;
      polishRows.add(row(g, series, 0, n - 1, pointWeight[g].clone()));
    }
    polish = batches(polishRows, s.timeDependent());
    polishWeight = weightSum(polish);
  }

  /** The layout of {@link #merged(int)}: this one's but for the shooting segments. */
  private ShootingLayout(ShootingLayout base, int merge) {
    data = base.data;
    timeDependent = base.timeDependent;
    seg = base.seg;
    count = base.count;
    state = base.state;
    m = base.m;
    d = base.d;
    collocationStates = base.collocationStates;
    collocationSlopes = base.collocationSlopes;
    collocationTimes = base.collocationTimes;
    groupInit = base.groupInit;
    polish = base.polish;
    polishWeight = base.polishWeight;
    Runs runs = runs(merge);
    segments = runs.startRows().length;
    startRows = runs.startRows();
    segmentInit = runs.segmentInit();
    continues = runs.continues();
    shooting = runs.shooting();
    shootingWeight = runs.shootingWeight();
  }

  /**
   * This layout with shooting segments that are runs of {@code merge} consecutive segments of one
   * series (the last run of a series may be shorter); {@link #startRows} maps each run to the
   * segment it starts with, whose trained state is its initial state. Nothing else changes.
   *
   * @param merge the segments per run, {@code >= 1}
   * @return the merged layout
   */
  ShootingLayout merged(int merge) {
    return new ShootingLayout(this, merge);
  }

  /** The most segments of any one series. */
  int longestSeries() {
    int longest = 0;
    for (int k = 0, run = 0; k < seg.size(); k++) {
      run++;
      longest = Math.max(longest, run);
      if (k + 1 < seg.size() && seg.get(k + 1)[0] != seg.get(k)[0]) {
        run = 0;
      }
    }
    return longest;
  }

  /** The shooting rows of runs of {@code merge} consecutive segments of one series, batched. */
  private Runs runs(int merge) {
    int orig = seg.size();
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
    int runs = merged.size();
    int[] starts = new int[runs];
    double[][] init = new double[runs][];
    boolean[] next = new boolean[runs];
    List<Row> rows = new ArrayList<>();
    for (int q = 0; q < runs; q++) {
      int first = merged.get(q)[0];
      int last = merged.get(q)[1];
      int g = seg.get(first)[0];
      int from = seg.get(first)[1];
      int to = seg.get(last)[2];
      starts[q] = first;
      init[q] = state[g][from].clone();
      next[q] = q + 1 < runs && seg.get(merged.get(q + 1)[0])[0] == g;
      // a boundary row shared by two segments of a run counts once, with the earlier's weight
      double[] w = new double[to - from + 1];
      for (int k = first; k <= last; k++) {
        int[] sg = seg.get(k);
        for (int i = sg[1]; i <= sg[2]; i++) {
          if (i > sg[1] || k == first) {
            w[i - from] = count[k];
          }
        }
      }
      rows.add(row(q, data.get(g), from, to, w));
    }
    List<Batch> batches = batches(rows, timeDependent);
    return new Runs(starts, init, next, batches, weightSum(batches));
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
