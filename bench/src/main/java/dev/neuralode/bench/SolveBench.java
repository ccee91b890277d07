package dev.neuralode.bench;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.FlatOdeResult;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P2 and P2b: Van der Pol (μ = 1 and 10) from t = 0 to 20 at rtol = atol = 1e-8, one solve and a
 * batch of 1,024 initial conditions, the library's dopri5/dopri8 against Hipparchus 4's
 * DormandPrince54/853 (plain {@code double[]} right-hand side; the batch as a loop of solves).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SolveBench {
  static final double TOL = 1e-8;
  static final int BATCH = 1024;

  /** The problem for one μ. */
  @State(Scope.Thread)
  public static class Problem {
    /** Van der Pol's μ. */
    @Param({"1", "10"})
    public double mu;
    OdeFunction tensorRhs;
    OdeFunction exprRhs;
    OdeFunction compiledRhs;
    FlatOde flatRhs;
    double[] batchFlat;
    OrdinaryDifferentialEquation plainRhs;
    Tensor y0;
    Tensor batch;
    double[][] batchRows;
    Solver dopri5;
    Solver dopri8;
    DormandPrince54Integrator dp54;
    DormandPrince853Integrator dp853;

    /** Builds the right-hand sides and solvers, and checks that the end states agree. */
    @Setup
    public void setup() {
      tensorRhs = VanDerPol.tensor(mu);
      exprRhs = VanDerPol.expression(mu);
      compiledRhs = VanDerPol.compiled(mu);
      flatRhs = VanDerPol.flat(mu);
      plainRhs = VanDerPol.plain(mu);
      y0 = Tensor.of(new double[] {2, 0}, 1, 2);
      Rng rng = new Rng(11);
      batch = rng.uniform(-3, 3, BATCH, 2);
      batchRows = batch.toMatrix();
      batchFlat = batch.toArray();
      dopri5 = Solver.builder().method("dopri5").rtol(TOL).atol(TOL).build();
      dopri8 = Solver.builder().method("dopri8").rtol(TOL).atol(TOL).build();
      dp54 = new DormandPrince54Integrator(0, VanDerPol.T1, TOL, TOL);
      dp853 = new DormandPrince853Integrator(0, VanDerPol.T1, TOL, TOL);
      double[] ours = solve(this, tensorRhs, dopri5).last().toArray();
      double[] theirs = hipparchus(dp54, plainRhs, new double[] {2, 0});
      Checks.close("dopri5 vs DormandPrince54 at t=20", theirs, ours, 1e-5);
      Checks.close("expression vs tensor right-hand side", ours,
          solve(this, exprRhs, dopri5).last().toArray(), 1e-12);
      Checks.close("compiled vs eager tensor right-hand side", ours,
          solve(this, compiledRhs, dopri5).last().toArray(), 0.0);
      Checks.close("plain vs tensor right-hand side", ours,
          Odeint.solve(flatRhs, new double[] {2, 0}, new double[] {0, VanDerPol.T1}, dopri5).last(), 1e-12);
      double[] rows = Odeint.solve(flatRhs, batchFlat, BATCH, new double[] {0, VanDerPol.T1}, dopri5).last();
      double[] expr = Autograd.withoutGrad(() -> Odeint.solve(exprRhs, batch, new double[] {0, VanDerPol.T1},
          dopri5)).last().toArray();
      Checks.close("batch: expression vs plain right-hand side", rows, expr, 1e-12);
      double[] perRow = Odeint.solveRows(flatRhs, batchFlat, BATCH, new double[] {0, VanDerPol.T1}, dopri5).last();
      Checks.close("batch row 0, per-row steps vs Hipparchus", hipparchus(dp54, plainRhs, batchRows[0].clone()),
          new double[] {perRow[0], perRow[1]}, 1e-4);
      Checks.close("batch row 0 vs Hipparchus", hipparchus(dp54, plainRhs, batchRows[0].clone()),
          new double[] {rows[0], rows[1]}, 1e-4);
    }
  }

  static OdeResult solve(Problem p, OdeFunction f, Solver s) {
    return Autograd.withoutGrad(() -> Odeint.solve(f, p.y0, new double[] {0, VanDerPol.T1}, s));
  }

  static double[] hipparchus(org.hipparchus.ode.AbstractIntegrator integrator,
      OrdinaryDifferentialEquation f, double[] y0) {
    ODEStateAndDerivative end = integrator.integrate(f, new ODEState(0, y0), VanDerPol.T1);
    return end.getPrimaryState();
  }

  /**
   * The library's dopri5 with the hand-written Tensor right-hand side.
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public OdeResult dopri5Tensor(Problem p) {
    return solve(p, p.tensorRhs, p.dopri5);
  }

  /**
   * The library's dopri5 with the expression right-hand side of {@code neuralode solve}.
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public OdeResult dopri5Expr(Problem p) {
    return solve(p, p.exprRhs, p.dopri5);
  }

  /**
   * The library's dopri5 with the Tensor right-hand side declared traceable (compiled dynamics: the
   * flat engine replays a captured program).
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public OdeResult dopri5Compiled(Problem p) {
    return solve(p, p.compiledRhs, p.dopri5);
  }

  /**
   * The library's dopri5 with a plain right-hand side on arrays ({@code Odeint.solve(FlatOde, ...)}).
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public FlatOdeResult dopri5Plain(Problem p) {
    return Odeint.solve(p.flatRhs, new double[] {2, 0}, new double[] {0, VanDerPol.T1}, p.dopri5);
  }

  /**
   * Hipparchus's DormandPrince54.
   *
   * @param p the problem
   * @return the end state
   */
  @Benchmark
  public double[] dopri5Hipparchus(Problem p) {
    return hipparchus(p.dp54, p.plainRhs, new double[] {2, 0});
  }

  /**
   * The library's dopri8 (Hairer's DOP853) with the Tensor right-hand side.
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public OdeResult dop853Tensor(Problem p) {
    return solve(p, p.tensorRhs, p.dopri8);
  }

  /**
   * Hipparchus's DormandPrince853.
   *
   * @param p the problem
   * @return the end state
   */
  @Benchmark
  public double[] dop853Hipparchus(Problem p) {
    return hipparchus(p.dp853, p.plainRhs, new double[] {2, 0});
  }

  /**
   * P2b: the library's dopri5 on all 1,024 initial conditions at once ({@code [1024, 2]}), with the
   * plain right-hand side.
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public FlatOdeResult batchDopri5Plain(Problem p) {
    return Odeint.solve(p.flatRhs, p.batchFlat, BATCH, new double[] {0, VanDerPol.T1}, p.dopri5);
  }

  /**
   * P2b: the plain right-hand side with independent step-size control per row ({@code
   * Odeint.solveRows}): each initial condition takes its own steps.
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public FlatOdeResult batchDopri5PlainRows(Problem p) {
    return Odeint.solveRows(p.flatRhs, p.batchFlat, BATCH, new double[] {0, VanDerPol.T1}, p.dopri5);
  }

  /**
   * P2b: the expression ODE on all 1,024 initial conditions at once (the flat engine, row by row).
   *
   * @param p the problem
   * @return the solution
   */
  @Benchmark
  public OdeResult batchDopri5Expr(Problem p) {
    return Autograd.withoutGrad(() -> Odeint.solve(p.exprRhs, p.batch, new double[] {0, VanDerPol.T1}, p.dopri5));
  }

  /**
   * P2b: Hipparchus's DormandPrince54 looped over the 1,024 initial conditions.
   *
   * @param p the problem
   * @return the sum of the end states
   */
  @Benchmark
  public double batchDopri5Hipparchus(Problem p) {
    double s = 0;
    for (double[] row : p.batchRows) {
      double[] end = hipparchus(p.dp54, p.plainRhs, row.clone());
      s += end[0] + end[1];
    }
    return s;
  }
}
