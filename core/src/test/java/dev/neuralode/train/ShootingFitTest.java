package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.nn.Activation;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collocation / multiple-shooting / polish recipe: phases, learning, exact resume. */
class ShootingFitTest {

  /** A damped linear spiral z' = A z, A = [[-0.1, -1], [1, -0.1]], sampled at n uneven times. */
  static ShootingFit.Series spiral(int n, double phase) {
    double[] tau = new double[n];
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      tau[i] = 4.0 * i / (n - 1) + (i > 0 && i < n - 1 ? 0.03 * Math.sin(5.0 * i) : 0);
      double r = Math.exp(-0.1 * tau[i]);
      z[i] = new double[] {r * Math.cos(tau[i] + phase), r * Math.sin(tau[i] + phase)};
    }
    return new ShootingFit.Series(tau, z);
  }

  static ShootingFit.Settings settings(int iterations, int augment, double kinetic,
      boolean bootstrap) {
    return new ShootingFit.Settings(iterations, 0.01, new int[] {16}, Activation.TANH, false,
        Solver.builder().rtol(1e-5).atol(1e-7).build(), Sensitivity.backsolveAdjoint(), 3,
        augment, 0, kinetic, 0, bootstrap);
  }

  @Test
  void phasesSplitTheIterations() {
    assertThat(ShootingFit.phaseLengths(1000)).containsExactly(150, 300, 550);
    assertThat(ShootingFit.phaseLengths(1)).containsExactly(0, 0, 1);
    assertThat(ShootingFit.phaseLengths(24)).containsExactly(3, 7, 14);
  }

  @Test
  void fitsASpiralFromTwoStartsWithSharedDynamics() {
    List<ShootingFit.Series> data = List.of(spiral(21, 0), spiral(15, 1.0));
    List<Double> losses = new ArrayList<>();
    ShootingFit.Result r = ShootingFit.train(data, settings(300, 0, 0, false),
        (it, phase, loss, nfe) -> losses.add(loss), null, ShootingFit.Checkpoints.none())
        .result();
    assertThat(r.initialStates()).hasDimensions(2, 2);
    assertThat(r.phases()[0]).isZero();
    assertThat(r.phases()[299]).isEqualTo(2);
    // the polish loss is the MSE of both whole trajectories from their trained initial states
    double last = r.losses()[299];
    System.out.printf("spiral: first polish loss %.4g, last %.4g%n", r.losses()[210], last);
    assertThat(last).isLessThan(2e-3);
    assertThat(r.initialStates()[1][0]).isCloseTo(Math.cos(1.0), org.assertj.core.api.Assertions.within(0.1));
  }

  @Test
  void interruptedTwiceAndResumedEndsBitIdentical() {
    List<ShootingFit.Series> data = List.of(spiral(9, 0), spiral(7, 0.5));
    // latent components, the kinetic regulariser and the bootstrap all carry state or randomness
    ShootingFit.Settings s = settings(24, 1, 0.01, true);
    ShootingFit.Result whole = ShootingFit.train(data, s, (a, b, c, d) -> { }, null,
        ShootingFit.Checkpoints.none()).result();
    ShootingFit.Checkpoint[] saved = new ShootingFit.Checkpoint[1];
    int[] done = {0};
    ShootingFit.Listener count = (it, phase, loss, nfe) -> done[0] = it;
    ShootingFit.Outcome first = ShootingFit.train(data, s, count, null,
        new ShootingFit.Checkpoints(4, c -> saved[0] = c, () -> done[0] >= 5));
    assertThat(first.stopped()).isTrue();
    assertThat(saved[0].iteration()).isEqualTo(5);
    ShootingFit.Outcome second = ShootingFit.train(data, s, count, saved[0],
        new ShootingFit.Checkpoints(4, c -> saved[0] = c, () -> done[0] >= 21));
    assertThat(second.stopped()).isTrue();
    assertThat(saved[0].iteration()).isEqualTo(21);
    // the polish (from iteration 11) covers the whole series from iteration 18: the checkpoint
    // carries the best whole-trajectory step so far
    assertThat(saved[0].bestIteration()).isBetween(18, 21);
    assertThat(saved[0].bestParameters().length).isEqualTo(saved[0].parameters().length);
    ShootingFit.Result resumed = ShootingFit.train(data, s, count, saved[0],
        ShootingFit.Checkpoints.none()).result();
    assertThat(resumed.losses()).containsExactly(whole.losses());
    assertThat(resumed.mlp().flatParameters()).containsExactly(whole.mlp().flatParameters());
    assertThat(resumed.initialStates()[1]).containsExactly(whole.initialStates()[1]);
    assertThat(resumed.initialStates()[0]).hasSize(3);
    assertThat(resumed.forwardNfe()).isEqualTo(whole.forwardNfe());
    assertThat(resumed.selectedIteration()).isEqualTo(whole.selectedIteration());
  }

  @Test
  void theResultIsThePolishStepWithTheLowestWholeTrajectoryLoss() {
    List<ShootingFit.Series> data = List.of(spiral(21, 0));
    // a large rate makes the polish loss jump about, so the last step is rarely the best
    ShootingFit.Settings s = new ShootingFit.Settings(80, 0.2, new int[] {16}, Activation.TANH,
        false, Solver.builder().rtol(1e-5).atol(1e-7).build(), Sensitivity.backsolveAdjoint(), 3,
        0, 0, 0, 0, false);
    ShootingFit.Result r = ShootingFit.train(data, s, (a, b, c, d) -> { }, null,
        ShootingFit.Checkpoints.none()).result();
    int[] len = ShootingFit.phaseLengths(80);
    int full = len[0] + len[1] + (len[2] + 1) / 2; // 0-based: the window covers everything
    assertThat(ShootingFit.wholeSeriesFrom(80)).isEqualTo(full + 1);
    double min = Double.POSITIVE_INFINITY;
    int argmin = -1;
    for (int i = full; i < 80; i++) {
      if (r.losses()[i] < min) {
        min = r.losses()[i];
        argmin = i;
      }
    }
    // with this seed the last step's loss is not the lowest: the parameters before the step with
    // the lowest loss are kept (81 would mean the ones after the last step)
    assertThat(r.selectedIteration()).isEqualTo(argmin + 1);
    System.out.printf("selected %d of 80; losses from %d: min %.4g, last %.4g%n",
        r.selectedIteration(), full + 1, min, r.losses()[79]);
  }

  @Test
  void theWholeSeriesWindowStartsHalfWayThroughThePolish() {
    // 1000 iterations: collocation 150, shooting 300, polish 550 from iteration 451; the window
    // covers everything from 451 + 275 on
    assertThat(ShootingFit.wholeSeriesFrom(1000)).isEqualTo(726);
    // 81: polish of 45 from iteration 37; half of it, 22.5, rounds up to 23
    assertThat(ShootingFit.wholeSeriesFrom(81)).isEqualTo(37 + 23);
    assertThat(ShootingFit.wholeSeriesFrom(1)).isEqualTo(1);
    assertThat(ShootingFit.wholeSeriesFrom(0)).isEqualTo(1);
  }

  @Test
  void timeDependentDynamicsSolveEachRowAtItsOwnTimesAndLearn() {
    List<ShootingFit.Series> data = List.of(spiral(13, 0), spiral(9, 0.5));
    ShootingFit.Settings s = new ShootingFit.Settings(60, 0.01, new int[] {8}, Activation.TANH,
        true, Solver.builder().rtol(1e-5).atol(1e-7).build(), Sensitivity.backsolveAdjoint(), 1,
        0, 0, 0, 0, false);
    ShootingFit.Result r = ShootingFit.train(data, s, (a, b, c, d) -> { }, null,
        ShootingFit.Checkpoints.none()).result();
    assertThat(r.mlp().timeDependent()).isTrue();
    assertThat(java.util.Arrays.stream(r.losses()).allMatch(Double::isFinite)).isTrue();
    // the polish (iterations 27..59) ends below where the collocation started
    assertThat(r.losses()[59]).isLessThan(r.losses()[0]);
    assertThat(r.segments()).isEqualTo(3);
  }

  @Test
  void everySolveOverTheNfeBudgetHalvesTheLearningRate() {
    ShootingFit.Settings s = new ShootingFit.Settings(10, 0.01, new int[] {4}, Activation.TANH,
        false, Solver.builder().rtol(1e-5).atol(1e-7).build(), Sensitivity.backsolveAdjoint(), 0,
        0, 0, 0, 1, false);
    ShootingFit.Result r = ShootingFit.train(List.of(spiral(11, 0)), s, (a, b, c, d) -> { },
        null, ShootingFit.Checkpoints.none()).result();
    // 1 collocation step solves nothing; each of the 9 shooting and polish steps exceeds 1 NFE
    assertThat(r.lrScale()).isEqualTo(Math.pow(0.5, 9));
    ShootingFit.Result free = ShootingFit.train(List.of(spiral(11, 0)),
        new ShootingFit.Settings(10, 0.01, new int[] {4}, Activation.TANH, false,
            Solver.builder().rtol(1e-5).atol(1e-7).build(), Sensitivity.backsolveAdjoint(), 0, 0,
            0, 0, 0, false), (a, b, c, d) -> { }, null, ShootingFit.Checkpoints.none()).result();
    assertThat(free.lrScale()).isEqualTo(1.0);
    assertThat(free.losses()[9]).isNotEqualTo(r.losses()[9]);
  }

  @Test
  void bootstrapChangesTheFitAndTheSeedFixesIt() {
    List<ShootingFit.Series> data = List.of(spiral(21, 0));
    double[] a = ShootingFit.train(data, settings(12, 0, 0, true), (x, y, z, w) -> { }, null,
        ShootingFit.Checkpoints.none()).result().losses();
    double[] b = ShootingFit.train(data, settings(12, 0, 0, true), (x, y, z, w) -> { }, null,
        ShootingFit.Checkpoints.none()).result().losses();
    double[] c = ShootingFit.train(data, settings(12, 0, 0, false), (x, y, z, w) -> { }, null,
        ShootingFit.Checkpoints.none()).result().losses();
    assertThat(a).containsExactly(b);
    assertThat(a[a.length - 1]).isNotEqualTo(c[c.length - 1]);
  }

  @Test
  void refusesTooManySegmentsAndBadSettings() {
    ShootingFit.Settings s = new ShootingFit.Settings(10, 0.01, new int[] {4}, Activation.TANH,
        false, Solver.defaults(), Sensitivity.backsolveAdjoint(), 0, 0, 8, 0, 0, false);
    assertThatThrownBy(() -> ShootingFit.train(List.of(spiral(6, 0)), s, (a, b, c, d) -> { },
        null, ShootingFit.Checkpoints.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 6 rows, too few for 8 segments");
    assertThatThrownBy(() -> settings(10, -1, 0, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("augment must be >= 0");
  }
}
