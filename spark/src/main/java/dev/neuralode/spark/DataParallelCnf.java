package dev.neuralode.spark;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.BatchSchedule;
import dev.neuralode.train.CnfTrainer;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.Trainer;
import dev.neuralode.train.TrainingListener;
import dev.neuralode.train.TrainingObjective;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Data-parallel maximum-likelihood training of a continuous normalizing flow on Spark: the rows
 * stay in the partitions of a cached RDD, and each iteration of the core training loop ({@link
 * Trainer}, with {@link CnfTrainer}'s optimizer and objective) runs one Spark job:
 *
 * <ol>
 *   <li>the driver draws the iteration's mini-batch row indices from the same {@link
 *       BatchSchedule} single-machine training uses, and broadcasts them with the flat parameters;
 *   <li>every partition takes its rows of the batch (in batch order), rebuilds the flow from the
 *       parameters and computes the gradient of its rows' summed loss, {@link
 *       CnfTrainer#batchLoss}{@code (…, sum = true)};
 *   <li>{@code treeAggregate} adds the partition gradients with an {@link OrderedSum}, along a
 *       fixed binary tree over the partition indices, so the sum does not depend on which task
 *       finishes first;
 *   <li>the driver divides by the batch size (the gradient of the batch mean) and takes the Adam
 *       step.
 * </ol>
 *
 * <p><b>Agreement with single-machine training.</b> For the same seed, schedule and data the
 * trained parameters equal {@link CnfTrainer#train} up to rounding: the batch is the same, the
 * per-row computations are the same, and only the order of the additions over rows differs (per
 * partition, then across partitions, then a division by b instead of the mean's scaling). This
 * holds when each row's solve does not depend on the other rows of its batch: a fixed-step method
 * (e.g. {@code rk4}). An adaptive method chooses its steps from an error norm over the whole batch,
 * so partitions then take other steps than the whole batch and agree only to the solver tolerance.
 * The trace is exact ({@link CnfSpec}). For a fixed partitioning the result is the same on any
 * number of executors, bit for bit.
 *
 * <p>Each partition's rows of a batch are solved together, so the executor cost per iteration is
 * one batched solve of about b/P rows; the driver's cost is one broadcast of the parameters and the
 * batch indices and one merge of ⌈log₂ P⌉ + 1 gradient vectors per tree level.
 */
public final class DataParallelCnf {

  private DataParallelCnf() {}

  /**
   * Standardised rows cached in the executors, one block per partition.
   *
   * @param blocks the blocks, cached
   * @param rows the number of rows n
   * @param partitions the number of partitions P
   */
  public record Data(JavaRDD<Block> blocks, long rows, int partitions) {
    /** Removes the cached blocks. */
    public void release() {
      blocks.unpersist(false);
    }
  }

  /**
   * One partition's rows.
   *
   * @param partition the partition index
   * @param start the global index of the first row
   * @param n the number of rows
   * @param d the row width
   * @param values the standardised rows, row-major, {@code n·d} values
   * @serial exclude
   */
  public record Block(int partition, long start, int n, int d, double[] values) implements Serializable {}

  /**
   * What data-parallel training did.
   *
   * @param history loss, NLL and NFE per iteration (NFE summed over the partitions)
   * @param partitions the number of partitions
   * @param rows the number of rows
   * @param seconds the wall time of training
   */
  public record Result(CnfTrainer.History history, int partitions, long rows, double seconds) {}

  /**
   * How far two parameter vectors are apart, relative to the larger one's size: max |a_i − b_i| /
   * max |a_i| (the measure of data-parallel against single-machine training).
   *
   * @param a the reference parameters
   * @param b the parameters compared, of a's length
   * @return the relative difference (NaN when a is all zeros)
   */
  static double relativeDifference(double[] a, double[] b) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(a[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    return diff / scale;
  }

  /**
   * Standardises the rows of a table on the executors and caches them as blocks; the global row
   * index is the row's position in the table (as {@code zipWithIndex} numbers it).
   *
   * @param table the data; {@code columns} must be numeric and non-null
   * @param columns the columns, d of them, in the flow's component order
   * @param scaling the standardisation, of dimension d
   * @return the cached data (counted once)
   * @throws IllegalArgumentException if a column is missing or the dimensions differ; a null or
   *     non-finite value fails the Spark job with a message naming its column and row
   */
  public static Data prepare(Dataset<Row> table, List<String> columns, Standardizer scaling) {
    return prepare(table, columns, scaling, 0);
  }

  /**
   * Standardises the rows of a table on the executors and caches them as blocks in a given number
   * of partitions; the global row index is the row's position in the table (as {@code
   * zipWithIndex} numbers it), whatever the partitions. A table in another number of partitions is
   * redistributed in order: partition k of P holds the rows from index ⌊k·n/P⌋ up to
   * ⌊(k+1)·n/P⌋, sorted, so the rows, their indices and hence the batches are those of the table
   * as it was read (a plain {@code repartition} would deal the rows out in another order, and
   * {@code coalesce} can only lower the count).
   *
   * @param table the data; {@code columns} must be numeric and non-null
   * @param columns the columns, d of them, in the flow's component order
   * @param scaling the standardisation, of dimension d
   * @param partitions the number of partitions P, or 0 to keep the table's own
   * @return the cached data (counted once)
   * @throws IllegalArgumentException if a column is missing, the dimensions differ or {@code
   *     partitions} is negative; a null or non-finite value fails the Spark job with a message
   *     naming its column and row
   */
  public static Data prepare(Dataset<Row> table, List<String> columns, Standardizer scaling, int partitions) {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be at least 1, or 0 for the table's own; got " + partitions);
    }
    List<String> have = List.of(table.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException("the data have no column '" + c + "'; their columns are " + have);
      }
    }
    if (scaling.dim() != columns.size()) {
      throw new IllegalArgumentException("the scaling has dimension " + scaling.dim() + " but " + columns.size()
          + " columns were given: " + columns);
    }
    String[] rest = columns.subList(1, columns.size()).toArray(new String[0]);
    List<String> names = List.copyOf(columns);
    JavaPairRDD<Row, Long> indexed = table.select(columns.get(0), rest).javaRDD().zipWithIndex();
    if (partitions > 0 && partitions != indexed.getNumPartitions()) {
      long count = indexed.count();
      indexed = indexed.mapToPair(Tuple2::swap)
          .repartitionAndSortWithinPartitions(new Ranges(partitions, count))
          .mapToPair(Tuple2::swap);
    }
    JavaRDD<Block> blocks = indexed
        .mapPartitionsWithIndex((p, it) -> List.of(block(p, it, names, scaling)).iterator(), true)
        .persist(StorageLevel.MEMORY_ONLY());
    long n = blocks.map(Block::n).reduce(Integer::sum);
    return new Data(blocks, n, blocks.getNumPartitions());
  }

  /**
   * Row indices 0 to n - 1 in P contiguous ranges of nearly equal length, as Spark's {@code
   * parallelize} slices a list: partition k holds the indices from ⌊k·n/P⌋ up to, not including,
   * ⌊(k+1)·n/P⌋, so index i goes to partition ⌊((i+1)·P - 1)/n⌋.
   */
  static final class Ranges extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final long rows;

    Ranges(int partitions, long rows) {
      this.partitions = partitions;
      this.rows = Math.max(1, rows);
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      long next = (Long) key + 1;
      long k = next <= Long.MAX_VALUE / partitions ? (next * partitions - 1) / rows
          : java.math.BigInteger.valueOf(next).multiply(java.math.BigInteger.valueOf(partitions))
              .subtract(java.math.BigInteger.ONE).divide(java.math.BigInteger.valueOf(rows)).longValue();
      return (int) Math.min(partitions - 1, k);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ranges r && r.partitions == partitions && r.rows == rows;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(rows) * 31 + partitions;
    }
  }

  private static Block block(int p, Iterator<Tuple2<Row, Long>> it, List<String> names, Standardizer scaling) {
    int d = names.size();
    List<double[]> rows = new ArrayList<>();
    long start = -1;
    while (it.hasNext()) {
      Tuple2<Row, Long> t = it.next();
      if (start < 0) {
        start = t._2();
      }
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        Object v = t._1().get(j);
        if (!(v instanceof Number num) || !Double.isFinite(num.doubleValue())) {
          throw new IllegalArgumentException("column '" + names.get(j) + "' holds " + v + " at row " + t._2()
              + "; give finite numbers only");
        }
        x[j] = num.doubleValue();
      }
      rows.add(x);
    }
    double[][] z = scaling.apply(rows.toArray(new double[0][]));
    double[] flat = new double[z.length * d];
    for (int i = 0; i < z.length; i++) {
      System.arraycopy(z[i], 0, flat, i * d, d);
    }
    return new Block(p, Math.max(start, 0), z.length, d, flat);
  }

  /**
   * Trains a flow in place on distributed rows.
   *
   * @param cnf the flow to train, built by {@code spec} (e.g. {@link CnfSpec#create(long)}); its
   *     parameters are modified
   * @param spec how executors rebuild the flow
   * @param data the cached rows
   * @param settings iterations, batch size, schedule, weight decay and the seed of the batch schedule
   * @param listeners told about each step (each report carries {@value CnfTrainer#NLL}); may be empty
   * @return the history
   * @throws IllegalArgumentException if the data have more than {@code Integer.MAX_VALUE} rows or no
   *     rows
   * @throws dev.neuralode.train.TrainingDivergedException if a loss or gradient stops being finite
   * @throws RuntimeException Spark's exception for a failed task (for example the solver fails on a
   *     partition), after Spark's retries
   */
  public static Result train(Cnf cnf, CnfSpec spec, Data data, CnfTrainer.TrainingSettings settings,
      TrainingListener... listeners) {
    if (data.rows() < 1 || data.rows() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("data-parallel training needs 1 to " + Integer.MAX_VALUE + " rows; got "
          + data.rows());
    }
    long t0 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.blocks().context());
    BatchSchedule schedule = new BatchSchedule((int) data.rows(), settings.batch(), new Rng(settings.seed()));
    List<Parameter> params = cnf.parameters();
    int size = cnf.flatParameters().length;
    int iters = settings.iterations();
    CnfTrainer.History h = new CnfTrainer.History(new double[iters], new double[iters], new int[iters],
        new int[iters]);
    TrainingObjective objective = it -> {
      int[] batch = schedule.next();
      Broadcast<double[]> flat = jsc.broadcast(cnf.flatParameters());
      Broadcast<int[]> rows = jsc.broadcast(batch);
      OrderedSum sum;
      try {
        sum = data.blocks().treeAggregate(OrderedSum.empty(size + Extra.COUNT),
            new PartitionGradient(spec, flat, rows, size), OrderedSum::merge, 2);
      } finally {
        flat.destroy();
        rows.destroy();
      }
      double[] total = sum.total();
      double b = batch.length;
      List<Tensor> grads = new ArrayList<>();
      int at = 0;
      for (Parameter p : params) {
        int[] shape = p.value().shape();
        double[] g = new double[p.value().size()];
        for (int i = 0; i < g.length; i++) {
          g[i] = total[at + i] / b;
        }
        at += g.length;
        grads.add(Tensor.of(g, shape));
      }
      return Evaluation.ofGradients(total[size + Extra.LOSS] / b, grads, (long) total[size + Extra.NFE_FORWARD],
          (long) total[size + Extra.NFE_BACKWARD]).withMetric(CnfTrainer.NLL, total[size + Extra.NLL] / b);
    };
    TrainingListener record = r -> {
      int i = r.iteration() - 1;
      h.loss()[i] = r.loss();
      h.nll()[i] = r.metric(CnfTrainer.NLL);
      h.nfeForward()[i] = (int) r.nfeForward();
      h.nfeBackward()[i] = (int) r.nfeBackward();
    };
    List<TrainingListener> all = new ArrayList<>();
    all.add(record);
    if (listeners != null) {
      all.addAll(List.of(listeners));
    }
    new Trainer(Trainer.LoopSettings.of(iters, settings.schedule()))
        .run(params, CnfTrainer.optimizer(settings), objective, all.toArray(new TrainingListener[0]));
    return new Result(h, data.partitions(), data.rows(), (System.nanoTime() - t0) / 1e9);
  }

  /** The figures carried after the gradient in each partition's vector. */
  private static final class Extra {
    static final int LOSS = 0;
    static final int NLL = 1;
    static final int NFE_FORWARD = 2;
    static final int NFE_BACKWARD = 3;
    static final int COUNT = 4;

    private Extra() {}
  }

  /** The task of one partition: the gradient of its batch rows' summed loss, added as its leaf. */
  private static final class PartitionGradient implements Function2<OrderedSum, Block, OrderedSum> {
    private final CnfSpec spec;
    private final Broadcast<double[]> flat;
    private final Broadcast<int[]> batch;
    private final int size;

    PartitionGradient(CnfSpec spec, Broadcast<double[]> flat, Broadcast<int[]> batch, int size) {
      this.spec = spec;
      this.flat = flat;
      this.batch = batch;
      this.size = size;
    }

    @Override
    public OrderedSum call(OrderedSum acc, Block block) {
      int d = block.d();
      int[] idx = batch.value();
      double[] rows = new double[idx.length * d];
      int m = 0;
      for (int r : idx) {
        long local = r - block.start();
        if (local >= 0 && local < block.n()) {
          System.arraycopy(block.values(), (int) local * d, rows, m * d, d);
          m++;
        }
      }
      double[] v = new double[size + Extra.COUNT];
      if (m > 0) {
        Cnf cnf = spec.build(flat.value());
        List<Tensor> values = new ArrayList<>();
        for (Parameter p : cnf.parameters()) {
          values.add(p.value());
        }
        try (Autograd.Scope scope = Autograd.enableGrad()) {
          CnfTrainer.BatchLoss loss = CnfTrainer.batchLoss(cnf, Tensor.of(java.util.Arrays.copyOf(rows, m * d), m, d),
              null, true);
          List<Tensor> grads = Autograd.grad(loss.loss(), values);
          int at = 0;
          for (Tensor g : grads) {
            double[] a = g.toArray();
            System.arraycopy(a, 0, v, at, a.length);
            at += a.length;
          }
          v[size + Extra.LOSS] = loss.loss().item();
          v[size + Extra.NLL] = loss.nll().item();
          v[size + Extra.NFE_FORWARD] = loss.density().stats().nfe();
          v[size + Extra.NFE_BACKWARD] = loss.density().gradientStats().backward().nfe();
        }
      }
      return acc.plus(block.partition(), v);
    }
  }
}
