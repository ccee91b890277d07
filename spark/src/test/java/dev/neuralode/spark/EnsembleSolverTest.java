package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.expr.Expr;
import dev.neuralode.expr.OdeSystem;
import dev.neuralode.expr.Parser;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnsembleSolverTest {
  private static final List<String> VARS = List.of("x", "v");
  private static final List<String> RHS = List.of("v", "mu * (1 - x^2) * v - x");
  private static final double[] TIMES = {0, 1, 2, 3, 4, 5};
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static ExpressionOde vanDerPol() {
    return new ExpressionOde(VARS, List.of("mu"), new double[] {1.0}, RHS, TIMES,
        SolverSettings.of("dopri5", 1e-6, 1e-8));
  }

  @org.junit.jupiter.api.Test
  void aBadExpressionNamesItsNumberAndColumnAsSolveDoes() {
    assertThatThrownBy(() -> new ExpressionOde(VARS, List.of("mu"), new double[] {1.0}, List.of("v", "mu2*x"),
        TIMES, SolverSettings.of("dopri5", 1e-6, 1e-8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--rhs expression 2, column 1: unknown name 'mu2'");
  }

  /** The library directly: one solve per row, as a user would write it. */
  private static OdeResult direct(double x, double v, double mu) {
    List<Expr> exprs = new ArrayList<>();
    for (String r : RHS) {
      exprs.add(Parser.parse(r, OdeSystem.slotNames(VARS, List.of("mu"))));
    }
    OdeSystem system = new OdeSystem(VARS, Map.of("mu", Tensor.scalar(mu)), exprs);
    Solver solver = Solver.builder().method("dopri5").rtol(1e-6).atol(1e-8).build();
    return Odeint.solve(system.function(), Tensor.vector(x, v), TIMES, solver);
  }

  @Test
  void tenThousandVanDerPolRowsEqualDirectSolvesBitForBitAndANanRowFails() {
    int n = 10_000;
    Rng rng = new Rng(42);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = i == 1234 ? Double.NaN : 4 * rng.uniform() - 2;
      double v = 4 * rng.uniform() - 2;
      rows.add(RowFactory.create((long) i, x, v));
    }
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("x", DataTypes.DoubleType, false),
        DataTypes.createStructField("v", DataTypes.DoubleType, false)));
    Dataset<Row> input = spark.createDataFrame(rows, schema).repartition(8);

    List<Row> out = new EnsembleSolver(vanDerPol()).solve(input).orderBy("id").collectAsList();

    assertThat(out).hasSize(n);
    int failed = 0;
    for (Row r : out) {
      int i = (int) r.getLong(0);
      double x = r.getDouble(1);
      double v = r.getDouble(2);
      if (i == 1234) {
        assertThat(r.<String>getAs(EnsembleSolver.STATUS)).isEqualTo(EnsembleSolver.FAILED);
        assertThat(r.<String>getAs(EnsembleSolver.ERROR)).isNotBlank();
        assertThat(r.isNullAt(r.fieldIndex("x_1"))).isTrue();
        failed++;
        continue;
      }
      assertThat(r.<String>getAs(EnsembleSolver.STATUS)).isEqualTo(EnsembleSolver.OK);
      OdeResult d = direct(x, v, 1.0);
      assertThat(r.<Long>getAs(EnsembleSolver.NFE)).isEqualTo((long) d.stats().nfe());
      double[] ys = d.ys().toArray();
      for (int k = 0; k < TIMES.length; k++) {
        assertThat(r.<Double>getAs(EnsembleSolver.stateColumn("x", k))).isEqualTo(ys[2 * k]);
        assertThat(r.<Double>getAs(EnsembleSolver.stateColumn("v", k))).isEqualTo(ys[2 * k + 1]);
      }
    }
    assertThat(failed).isEqualTo(1);
  }

  @Test
  void aParameterColumnSweepsTheParameterAndBadCellsAreFailedRows() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("x", DataTypes.DoubleType, true),
        DataTypes.createStructField("v", DataTypes.StringType, true),
        DataTypes.createStructField("mu", DataTypes.DoubleType, true)));
    List<Row> rows = List.of(RowFactory.create(1.0, "0.5", 3.0), RowFactory.create(1.0, "abc", 1.0),
        RowFactory.create(null, "0", 1.0), RowFactory.create(1.0, "0.5", null));
    List<Row> out = new EnsembleSolver(vanDerPol()).solve(spark.createDataFrame(rows, schema)).collectAsList();

    double[] ys = direct(1.0, 0.5, 3.0).ys().toArray();
    assertThat(out.get(0).<Double>getAs("x_5")).isEqualTo(ys[10]);
    assertThat(out.get(1).<String>getAs(EnsembleSolver.ERROR)).contains("'v'").contains("abc");
    assertThat(out.get(2).<String>getAs(EnsembleSolver.ERROR)).contains("column 'x' is empty");
    assertThat(out.get(3).<String>getAs(EnsembleSolver.ERROR)).contains("column 'mu' is empty");
  }

  @Test
  void aMissingStateColumnIsReportedBeforeAnyTaskRuns() {
    Dataset<Row> input = spark.createDataFrame(List.of(RowFactory.create(1.0)),
        DataTypes.createStructType(List.of(DataTypes.createStructField("x", DataTypes.DoubleType, false))));
    assertThatThrownBy(() -> new EnsembleSolver(vanDerPol()).solve(input))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'v'");
  }
}
