package dev.neuralode.cli;

import dev.neuralode.data.ArchimedeanSpirals;
import dev.neuralode.latent.Elbo;
import dev.neuralode.latent.IrregularBatch;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.ShuffledBatches;
import dev.neuralode.train.TrainingListener;
import java.util.List;

/**
 * The numerics of {@code neuralode demo latent}: torchdiffeq's latent ODE spiral task
 * ({@code examples/latent_ode.py}) scaled down — fewer series and a coarser grid over the same time
 * spans — with irregular subsampling: each series observes a random subset of the grid points of its
 * observation span, with Gaussian noise. A latent ODE (ODE-RNN encoder, Rubanova et al. 2019) and the
 * {@link GruDeltaBaseline} are trained with the same data, batches, optimiser and schedule, and both
 * predict the noise-free spirals of held-out series over the observation span (interpolation, at
 * every grid point, observed or not) and beyond it (extrapolation).
 */
final class LatentDemo {
  /** Grid points over [0, 6π] (torchdiffeq: 1000). */
  static final int TOTAL = 250;
  /** Grid points of the observation span (torchdiffeq: 100), and as many for extrapolation. */
  static final int WINDOW = 25;
  /** Observed grid points per series. */
  static final int OBSERVED = 12;
  /** Standard deviation of the observation noise, and of the ELBO's observation model. */
  static final double NOISE = 0.2;
  static final int TRAIN = 200;
  static final int TEST = 50;
  static final int BATCH = 50;
  static final LatentOde.Sizes SIZES = new LatentOde.Sizes(2, 4, 25, new int[] {20}, new int[] {20}, new int[] {20});

  /**
   * A split of the data.
   *
   * @param spirals the noise-free series
   * @param observed the noisy, subsampled observation span
   */
  record Split(ArchimedeanSpirals spirals, IrregularBatch observed) {}

  /**
   * What a trained model predicts on held-out series.
   *
   * @param name the model's name
   * @param prediction {@code [2·window, series, 2]} at the series' times
   * @param interpolationMse MSE against the truth over the observation span
   * @param extrapolationMse MSE against the truth beyond it
   * @param losses the training loss of every iteration
   * @param seconds the training time
   * @param nfeForwardTotal function evaluations of every training forward pass (0 for the GRU)
   * @param nfeBackwardTotal function evaluations of every training backward pass (0 for direct gradients)
   */
  record Evaluated(String name, double[] prediction, double interpolationMse, double extrapolationMse,
      double[] losses, double seconds, long nfeForwardTotal, long nfeBackwardTotal) {}

  private LatentDemo() {}

  /** Draws the series and their observations. */
  static Split split(int count, long seed) {
    ArchimedeanSpirals s = ArchimedeanSpirals.generate(count, TOTAL, WINDOW, 6 * Math.PI, 0.0, 0.3, seed);
    Rng rng = new Rng(seed * 7919 + 13);
    double[] v = new double[WINDOW * count * 2];
    double[] m = new double[v.length];
    for (int k = 0; k < count; k++) {
      int[] perm = rng.permutation(WINDOW);
      for (int j = 0; j < OBSERVED; j++) {
        int i = perm[j];
        for (int d = 0; d < 2; d++) {
          v[(i * count + k) * 2 + d] = s.truth()[k][i][d] + NOISE * rng.normal();
          m[(i * count + k) * 2 + d] = 1;
        }
      }
    }
    double[] t = java.util.Arrays.copyOf(s.times(), WINDOW);
    return new Split(s, new IrregularBatch(t, Tensor.of(v, WINDOW, count, 2), Tensor.of(m, WINDOW, count, 2)));
  }

  static LatentOde latentModel(long seed) {
    return new LatentOde(SIZES, Solver.of("rk4"), Solver.of("rk4"), Sensitivity.direct(), new Rng(seed * 31 + 1));
  }

  /**
   * Trains the latent ODE by the ELBO, as the next loop of {@code loops}, and evaluates it on the
   * test split.
   *
   * @return the evaluation, or null if a stop request ended training (checkpoint saved)
   */
  static Evaluated trainLatent(Split train, Split test, int iterations, double lr, long seed,
      ResumableLoops loops, TrainingListener progress) {
    LatentOde model = latentModel(seed);
    Rng noise = new Rng(seed * 31 + 2);
    Rng rowsRng = new Rng(seed * 31 + 4);
    ShuffledBatches rows = rows(train, rowsRng);
    double[] times = train.observed().times();
    ResumableLoops.Outcome run = loops.loop(iterations, dev.neuralode.optim.LrSchedule.constant(lr),
        model.parameters(), new Adam(lr), List.of(noise, rowsRng), List.of(rows), new java.util.ArrayList<>(),
        it -> {
          IrregularBatch b = train.observed().select(indices(rows.next()));
          LatentOde.Output out = model.forward(b, times, noise);
          return Evaluation.of(Elbo.loss(out, b, NOISE, 1.0), out.nfe(), () -> 0);
        }, progress);
    if (run.stopped()) {
      return null;
    }
    double[] pred;
    try (Autograd.Scope g = Autograd.noGrad()) {
      pred = model.forward(test.observed(), test.spirals().times(), null).mean().toArray();
    }
    return evaluated("latent_ode", pred, test, run.state(), run.seconds());
  }

  /**
   * Trains the GRU-Δt baseline by the masked squared error, as the next loop of {@code loops},
   * and evaluates it on the test split.
   *
   * @return the evaluation, or null if a stop request ended training (checkpoint saved)
   */
  static Evaluated trainBaseline(Split train, Split test, int iterations, double lr, long seed,
      ResumableLoops loops, TrainingListener progress) {
    GruDeltaBaseline model = new GruDeltaBaseline(2, SIZES.encoderHidden(), new Rng(seed * 31 + 3));
    Rng rowsRng = new Rng(seed * 31 + 4);
    ShuffledBatches rows = rows(train, rowsRng);
    double[] times = train.observed().times();
    ResumableLoops.Outcome run = loops.loop(iterations, dev.neuralode.optim.LrSchedule.constant(lr),
        model.parameters(), new Adam(lr), List.of(rowsRng), List.of(rows), new java.util.ArrayList<>(),
        it -> {
          IrregularBatch b = train.observed().select(indices(rows.next()));
          Tensor pred = model.forward(b, times);
          Tensor err = pred.sub(b.values()).square().mul(b.mask());
          return Evaluation.of(err.sum().div(b.mask().sum().item()));
        }, progress);
    if (run.stopped()) {
      return null;
    }
    double[] pred;
    try (Autograd.Scope g = Autograd.noGrad()) {
      pred = model.forward(test.observed(), test.spirals().times()).toArray();
    }
    return evaluated("gru_delta_t", pred, test, run.state(), run.seconds());
  }

  private static ShuffledBatches rows(Split train, Rng rng) {
    int n = train.spirals().count();
    double[] idx = new double[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    return new ShuffledBatches(Tensor.of(idx, n, 1), Math.min(BATCH, n), rng);
  }

  private static int[] indices(Tensor rows) {
    double[] r = rows.toArray();
    int[] out = new int[r.length];
    for (int i = 0; i < r.length; i++) {
      out[i] = (int) r[i];
    }
    return out;
  }

  private static Evaluated evaluated(String name, double[] pred, Split test, ResumableLoops.State st,
      double seconds) {
    double[] losses = st.losses();
    int n = test.spirals().count();
    double interp = 0;
    double extrap = 0;
    for (int i = 0; i < 2 * WINDOW; i++) {
      for (int k = 0; k < n; k++) {
        for (int d = 0; d < 2; d++) {
          double e = pred[(i * n + k) * 2 + d] - test.spirals().truth()[k][i][d];
          if (i < WINDOW) {
            interp += e * e;
          } else {
            extrap += e * e;
          }
        }
      }
    }
    double count = WINDOW * n * 2.0;
    return new Evaluated(name, pred, interp / count, extrap / count, losses, seconds, st.totalNfeForward(),
        st.totalNfeBackward());
  }
}
