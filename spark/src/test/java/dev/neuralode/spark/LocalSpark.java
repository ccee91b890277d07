package dev.neuralode.spark;

import org.apache.spark.sql.SparkSession;

/** The local Spark session of a test class: few threads, no UI, few shuffle partitions. */
final class LocalSpark {
  private LocalSpark() {}

  /**
   * Starts (or joins) a local session.
   *
   * @param threads the number of local worker threads
   * @return the session; stop it after the class's tests
   */
  static SparkSession start(int threads) {
    return SparkSession.builder()
        .master("local[" + threads + "]")
        .appName("neuralode-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
