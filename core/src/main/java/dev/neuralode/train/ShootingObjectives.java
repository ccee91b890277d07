package dev.neuralode.train;

import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The three losses of a {@link ShootingFit}, over the layout's fixed tensors. */
final class ShootingObjectives {
  private final ShootingLayout layout;
  private final NeuralOde ode;
  private final Mlp mlp;
  private final ShootingFit.Settings s;

  ShootingObjectives(ShootingLayout layout, NeuralOde ode, Mlp mlp, ShootingFit.Settings s) {
    this.layout = layout;
    this.ode = ode;
    this.mlp = mlp;
    this.s = s;
  }

  int solvesPerStep(int phase) {
    return (phase == 1 ? layout.shooting : layout.polish).size();
  }

  /** The solves of one {@link #shooting} step: one batch, or one per segment (time-dependent). */
  int shootingSolves() {
    return layout.shooting.size();
  }

  Tensor collocation(Tensor states, Tensor slopes) {
    if (!s.timeDependent()) {
      return mlp.apply(Tensor.scalar(0), states).sub(slopes).square().mean();
    }
    int p = layout.collocationTimes.length;
    Tensor sum = null;
    for (int i = 0; i < p; i++) {
      Tensor f = mlp.apply(Tensor.scalar(layout.collocationTimes[i]), states.slice(0, i, i + 1));
      Tensor sq = f.sub(slopes.slice(0, i, i + 1)).square().sum();
      sum = sum == null ? sq : sum.add(sq);
    }
    return sum.mul(1.0 / (p * layout.d));
  }

  /**
   * The shooting loss of this layout's segments; their initial states are the rows {@link
   * ShootingLayout#startRows} of {@code allStates}, the unmerged layout's segment states.
   */
  Evaluation shooting(Tensor allStates, double lambda) {
    Tensor segStates = allStates;
    if (layout.startRows.length != allStates.dim(0)) {
      List<Tensor> rows = new ArrayList<>();
      for (int r : layout.startRows) {
        rows.add(allStates.slice(0, r, r + 1));
      }
      segStates = rows.size() == 1 ? rows.get(0) : Tensor.concat(0, rows);
    }
    Solved solved = solve(layout.shooting, segStates, layout.shootingWeight, 1);
    int k = layout.segments;
    int d = layout.d;
    double[] mask = new double[k * d];
    int pairs = 0;
    for (int i = 0; i < k; i++) {
      if (layout.continues[i]) {
        pairs++;
        Arrays.fill(mask, i * d, (i + 1) * d, 1);
      }
    }
    Tensor loss = solved.data;
    if (pairs > 0 && k > 1) {
      Tensor next = segStates.slice(0, 1, k).pad(0, 0, 1);
      Tensor gap = solved.ends.sub(next).square().mul(Tensor.of(mask, k, d)).sum()
          .mul(1.0 / (pairs * d));
      loss = loss.add(gap.mul(lambda));
    }
    return solved.evaluation(loss);
  }

  Evaluation polish(Tensor starts, double window) {
    Solved solved = solve(layout.polish, starts, layout.polishWeight, window);
    return solved.evaluation(solved.data);
  }

  /** The data loss of the batches, their rows' end states in row order, and the costs. */
  private Solved solve(List<ShootingLayout.Batch> batches, Tensor states, double weightSum,
      double window) {
    int m = layout.m;
    int d = layout.d;
    Tensor data = null;
    Tensor energy = null;
    double duration = 0;
    List<Tensor> ends = new ArrayList<>();
    long nfe = 0;
    List<SensitivityResult> results = new ArrayList<>();
    for (ShootingLayout.Batch b : batches) {
      Tensor z0 = b.rows().length == states.dim(0) ? states
          : states.slice(0, b.rows()[0], b.rows()[0] + 1);
      if (s.kinetic() > 0) {
        z0 = z0.pad(1, 0, 1);
      }
      SensitivityResult r = ode.solve(z0, Tensor.vector(b.times()));
      results.add(r);
      nfe += r.forward().nfe();
      Tensor ys = r.ys();
      Tensor w = window < 1 ? b.weight().mul(windowMask(b, window)) : b.weight();
      Tensor sq = ys.slice(2, 0, m).sub(b.target()).square().mul(w).sum();
      data = data == null ? sq : data.add(sq);
      Tensor last = ys.mul(b.end()).sum(0, false);
      ends.add(last.slice(1, 0, d));
      if (s.kinetic() > 0) {
        Tensor e = last.slice(1, d, d + 1).sum();
        energy = energy == null ? e : energy.add(e);
        duration += b.duration();
      }
    }
    Tensor loss = data.mul(1.0 / weightSum);
    if (energy != null && duration > 0) {
      loss = loss.add(energy.mul(s.kinetic() / duration));
    }
    return new Solved(loss, ends.size() == 1 ? ends.get(0) : Tensor.concat(0, ends), nfe,
        results);
  }

  /** 1 where a row's relative time is within the first {@code window} of its span, else 0. */
  private static Tensor windowMask(ShootingLayout.Batch b, double window) {
    int t = b.times().length;
    int rows = b.rows().length;
    double[] end = b.end().toArray();
    double[] mask = new double[t * rows];
    for (int r = 0; r < rows; r++) {
      double span = 0;
      for (int k = 0; k < t; k++) {
        if (end[k * rows + r] > 0) {
          span = b.times()[k] - b.times()[0];
        }
      }
      for (int k = 0; k < t; k++) {
        mask[k * rows + r] = b.times()[k] - b.times()[0] <= window * span + 1e-12 ? 1 : 0;
      }
    }
    return Tensor.of(mask, t, rows, 1);
  }

  /** A solved set of batches. */
  private record Solved(Tensor data, Tensor ends, long nfe, List<SensitivityResult> results) {
    Evaluation evaluation(Tensor loss) {
      return Evaluation.of(loss, nfe, () -> {
        long b = 0;
        for (SensitivityResult r : results) {
          b += r.stats().backward().nfe();
        }
        return b;
      });
    }
  }
}
