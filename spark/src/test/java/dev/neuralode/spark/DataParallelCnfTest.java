package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.data.Standardizer;
import dev.neuralode.data.ToyDensities;
import dev.neuralode.flow.Cnf;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.nn.Activation;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataParallelCnfTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A small flow with a fixed-step method, so that each row's solve is independent of its batch. */
  static CnfSpec spec() {
    return new CnfSpec(2, new int[] {16, 16}, Activation.TANH, 0.5, false, 0, 0,
        new SolverSettings(new SolverSpec("rk4", 1e-5, 1e-5, 0.125), 0), "backsolve");
  }

  static Dataset<Row> table(SparkSession spark, double[][] x, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (double[] r : x) {
      rows.add(RowFactory.create(r[0], r[1]));
    }
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
        DataTypes.createStructType(List.of(DataTypes.createStructField("x", DataTypes.DoubleType, false),
            DataTypes.createStructField("y", DataTypes.DoubleType, false))));
  }

  @Test
  void trainedParametersEqualSingleMachineTrainingAndRepeatBitForBit() {
    double[][] x = ToyDensities.sample("8gaussians", 3000, 11);
    Standardizer scaling = Standardizer.fit(x);
    CnfTrainer.TrainingSettings settings = new CnfTrainer.TrainingSettings(12, 400, LrSchedule.constant(0.01), 0, 3);

    Cnf single = spec().create(7);
    CnfTrainer.History hs = CnfTrainer.train(single, Tensor.matrix(scaling.apply(x)), settings);

    DataParallelCnf.Data data = DataParallelCnf.prepare(table(spark, x, 5), List.of("x", "y"), scaling);
    assertThat(data.rows()).isEqualTo(3000);
    assertThat(data.partitions()).isEqualTo(5);
    Cnf parallel = spec().create(7);
    DataParallelCnf.Result r = DataParallelCnf.train(parallel, spec(), data, settings);
    Cnf again = spec().create(7);
    DataParallelCnf.train(again, spec(), data, settings);
    data.release();

    double[] a = single.flatParameters();
    double[] b = parallel.flatParameters();
    assertThat(DataParallelCnf.relativeDifference(a, b)).isLessThanOrEqualTo(1e-12);
    assertThat(again.flatParameters()).containsExactly(b);
    for (int i = 0; i < settings.iterations(); i++) {
      assertThat(r.history().loss()[i]).isCloseTo(hs.loss()[i], org.assertj.core.data.Offset.offset(1e-10));
    }
    assertThat(r.history().loss()[settings.iterations() - 1]).isLessThan(r.history().loss()[0]);
  }

  /**
   * A table read as one partition (a small CSV file) trains in the partitions asked for, its rows
   * in their order: bit for bit as the table made of that many partitions, and as single-machine
   * training to rounding.
   */
  @Test
  void aTableRedistributedIntoMorePartitionsKeepsItsRowOrder() {
    double[][] x = ToyDensities.sample("moons", 301, 5);
    Standardizer scaling = Standardizer.fit(x);
    CnfTrainer.TrainingSettings settings = new CnfTrainer.TrainingSettings(4, 64, LrSchedule.constant(0.01), 0, 2);

    DataParallelCnf.Data two = DataParallelCnf.prepare(table(spark, x, 1), List.of("x", "y"), scaling, 2);
    assertThat(two.partitions()).isEqualTo(2);
    assertThat(two.rows()).isEqualTo(301);
    List<DataParallelCnf.Block> blocks = two.blocks().collect();
    // as parallelize slices 301 rows in 2
    assertThat(blocks).extracting(DataParallelCnf.Block::start).containsExactly(0L, 150L);
    assertThat(blocks).extracting(DataParallelCnf.Block::n).containsExactly(150, 151);
    double[] rows = new double[301 * 2];
    System.arraycopy(blocks.get(0).values(), 0, rows, 0, 150 * 2);
    System.arraycopy(blocks.get(1).values(), 0, rows, 150 * 2, 151 * 2);
    double[][] z = scaling.apply(x);
    for (int i = 0; i < x.length; i++) {
      assertThat(new double[] {rows[2 * i], rows[2 * i + 1]}).as("row " + i).containsExactly(z[i]);
    }
    Cnf redistributed = spec().create(1);
    DataParallelCnf.train(redistributed, spec(), two, settings);
    two.release();

    // the table made of two partitions: the same blocks, the same bits
    DataParallelCnf.Data made = DataParallelCnf.prepare(table(spark, x, 2), List.of("x", "y"), scaling, 2);
    Cnf native2 = spec().create(1);
    DataParallelCnf.train(native2, spec(), made, settings);
    made.release();
    assertThat(redistributed.flatParameters()).containsExactly(native2.flatParameters());
    // 0: the table's own partitions
    DataParallelCnf.Data own = DataParallelCnf.prepare(table(spark, x, 3), List.of("x", "y"), scaling, 0);
    assertThat(own.partitions()).isEqualTo(3);
    own.release();

    Cnf single = spec().create(1);
    CnfTrainer.train(single, Tensor.matrix(scaling.apply(x)), settings);
    double[] a = single.flatParameters();
    double[] b = redistributed.flatParameters();
    assertThat(DataParallelCnf.relativeDifference(a, b)).isLessThanOrEqualTo(1e-12);
  }
}
