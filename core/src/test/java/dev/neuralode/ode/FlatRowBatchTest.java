package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link FlatRowBatch} against the stepper-per-row driver ({@link FlatRowSolver#perRowOnly}) on seeded
 * random problems: the same bits at every output time, the same statistics, and the same exception
 * (class and message) when a row fails.
 */
class FlatRowBatchTest {
  /** Heun–Euler with a dense polynomial: a non-FSAL tableau the batch supports. */
  private static final ButcherTableau HEUN_EULER_DENSE = new ButcherTableau(new double[] {0, 1},
      new double[][] {{}, {1}}, new double[] {0.5, 0.5}, new double[] {-0.5, 0.5},
      new double[][] {{1.0, -0.5}, {0.0, 0.5}}, 2);
  /** Three stages, non-FSAL, a zero in the dense coefficients. */
  private static final ButcherTableau THREE_STAGE = new ButcherTableau(new double[] {0, 0.5, 1},
      new double[][] {{}, {0.5}, {-1, 2}}, new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6},
      new double[] {1.0 / 6, 2.0 / 3 - 1, 1.0 / 6},
      new double[][] {{1.0, -1.5, 2.0 / 3}, {0, 2, -4.0 / 3}, {0, -0.5, 2.0 / 3}}, 3);

  /** A run's outputs as text (every bit and the statistics), or its exception's class and message. */
  private static String outcome(Supplier<FlatSolver.Outputs> run) {
    try {
      FlatSolver.Outputs o = run.get();
      if (o == null) {
        return "fallback";
      }
      StringBuilder b = new StringBuilder(o.stats().toString());
      for (double[] y : o.ys()) {
        for (double v : y) {
          b.append(',').append(Long.toHexString(Double.doubleToRawLongBits(v)));
        }
      }
      return b.toString();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Test
  void theSupportedTableausAreTheOnesWithDenseStagesOfTheirOwn() {
    assertThat(FlatRowBatch.supports(Methods.tableau("dopri5"))).isTrue();
    assertThat(FlatRowBatch.supports(Methods.tableau("tsit5"))).isTrue();
    assertThat(FlatRowBatch.supports(Methods.tableau("dopri8"))).as("extra dense stages").isFalse();
    assertThat(FlatRowBatch.supports(Methods.tableau("bosh3"))).as("Hermite dense output").isFalse();
    assertThat(FlatRowBatch.supports(Methods.tableau("rk4"))).as("fixed step").isFalse();
  }

  @Test
  void randomProblemsGiveTheStepperPerRowResultBitForBit() {
    List<ButcherTableau> tableaus = List.of(Methods.tableau("dopri5"), Methods.tableau("tsit5"),
        HEUN_EULER_DENSE, THREE_STAGE);
    int compared = 0;
    int failures = 0;
    for (int seed = 0; seed < 300; seed++) {
      Random rnd = new Random(seed);
      ButcherTableau tableau = tableaus.get(rnd.nextInt(tableaus.size()));
      int rows = 1 + rnd.nextInt(6);
      int dim = 1 + rnd.nextInt(4);
      double mu = rnd.nextDouble() < 0.15 ? 20 + rnd.nextDouble() * 40 : rnd.nextDouble() * 3;
      double[] coef = new double[dim];
      for (int i = 0; i < dim; i++) {
        coef[i] = rnd.nextGaussian();
      }
      FlatOde plain = (t, y, dy) -> {
        for (int i = 0; i < dy.length; i++) {
          double next = y[(i + 1) % dy.length];
          dy[i] = coef[i] * Math.sin(3 * t) * next - (i == 0 ? mu * (y[i] * y[i] - 1) * next : 0.1 * y[i])
              + (t > 1.3 ? 0.7 : 0.0) - 0.05 * y[i] * y[i] * y[i];
        }
      };
      double nanAfter = rnd.nextDouble() * 3;
      FlatOde withNan = (t, y, dy) -> {
        plain.derivative(t, y, dy);
        if (Math.abs(y[0]) > 1.5 + nanAfter && t > nanAfter) {
          dy[0] = Double.NaN; // rejected steps, then perhaps a step-size underflow
        }
      };
      int d = dim;
      FlatOde.RowTimes rowTimes = new FlatOde.RowTimes() {
        @Override
        public void derivative(double t, double[] y, double[] dy) {
          plain.derivative(t, y, dy);
        }

        @Override
        public void derivatives(int m, double[] t, double[] y, double[] dy) {
          double[] in = new double[d];
          double[] out = new double[d];
          for (int r = 0; r < m; r++) {
            System.arraycopy(y, d * r, in, 0, d);
            plain.derivative(t[r], in, out);
            System.arraycopy(out, 0, dy, d * r, d);
          }
        }
      };
      FlatOde f = rnd.nextDouble() < 0.2 ? withNan : rnd.nextBoolean() ? rowTimes : plain;
      double[] y0 = new double[rows * dim];
      for (int i = 0; i < y0.length; i++) {
        y0[i] = rnd.nextGaussian() * (rnd.nextDouble() < 0.1 ? 5 : 1);
      }
      if (rnd.nextDouble() < 0.03) {
        y0[rnd.nextInt(y0.length)] = Double.NaN;
      }
      double t0 = rnd.nextDouble() < 0.2 ? 0 : rnd.nextGaussian();
      double span = (rnd.nextBoolean() ? 1 : -1) * (0.1 + rnd.nextDouble() * 4);
      int nt = 2 + rnd.nextInt(5);
      double[] times = new double[nt];
      for (int i = 0; i < nt; i++) {
        times[i] = t0 + span * i / (nt - 1);
      }
      SolverBuilder b = Solver.builder().method(Methods.of(tableau));
      double rtol = Math.pow(10, -2 - rnd.nextInt(6));
      double atol = Math.pow(10, -3 - rnd.nextInt(7));
      if (rnd.nextDouble() < 0.3) {
        double[] rv = new double[dim];
        double[] av = new double[dim];
        for (int i = 0; i < dim; i++) {
          rv[i] = rtol * (0.1 + rnd.nextDouble() * 10);
          av[i] = rnd.nextDouble() < 0.2 ? 0 : atol * (0.1 + rnd.nextDouble() * 10);
        }
        b.rtol(rv).atol(av);
      } else {
        b.rtol(rtol).atol(atol);
      }
      if (rnd.nextDouble() < 0.4) {
        double[] jumps = new double[1 + rnd.nextInt(3)];
        for (int i = 0; i < jumps.length; i++) {
          jumps[i] = rnd.nextDouble() < 0.3 ? times[rnd.nextInt(nt)] : t0 + span * rnd.nextDouble();
        }
        b.jumpTimes(jumps);
      }
      if (rnd.nextDouble() < 0.3) {
        b.firstStep(Math.pow(10, -1 - rnd.nextInt(6)));
      }
      if (rnd.nextDouble() < 0.2) {
        b.stepLimits(rnd.nextDouble() < 0.5 ? 1e-4 : 0, rnd.nextDouble() < 0.5 ? 0.05 : Double.POSITIVE_INFINITY);
      }
      if (rnd.nextDouble() < 0.2) {
        b.maxSteps(1 + rnd.nextInt(40));
      }
      if (rnd.nextDouble() < 0.3) {
        b.rule(PidController.of(0.0, 1.0 / 3, 0.0));
      }
      if (rnd.nextDouble() < 0.3) {
        b.norm(ErrorNorm.MAX);
      }
      Solver s;
      try {
        s = b.build();
      } catch (RuntimeException e) {
        continue; // a combination the builder refuses
      }
      String batch = outcome(() -> FlatRowBatch.run(f, y0, rows, times, s, tableau));
      String perRow = outcome(() -> FlatRowSolver.perRowOnly(f, y0, rows, times, s, tableau));
      assertThat(batch).as("seed " + seed).isEqualTo(perRow);
      compared++;
      failures += batch.startsWith("dev.") ? 1 : 0;
    }
    assertThat(compared).isGreaterThan(220);
    assertThat(failures).as("some problems end in a solver exception, compared too").isGreaterThan(10);
  }

  @Test
  void aStepSoSmallThatACoefficientRoundsToZeroFallsBackToTheStepperPerRow() {
    Solver tiny = Solver.builder().method("tsit5").firstStep(1e-322).build();
    FlatOde decay = (t, y, dy) -> dy[0] = -y[0];
    double[] y0 = {1, 2};
    double[] t = {0, 1};
    assertThat(FlatRowBatch.run(decay, y0, 2, t, tiny, Methods.tableau("tsit5"))).isNull();
    FlatOdeResult rows = Odeint.solveRows(decay, y0, 2, t, tiny);
    for (int r = 0; r < 2; r++) {
      FlatOdeResult one = Odeint.solve(decay, new double[] {y0[r]}, t, tiny);
      assertThat(rows.row(1, r)).isEqualTo(one.ys()[1]);
    }
  }
}
