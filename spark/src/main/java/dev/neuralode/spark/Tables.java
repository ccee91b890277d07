package dev.neuralode.spark;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reading and writing the commands' tables through Spark's CSV (with a header line) and Parquet. */
final class Tables {
  private Tables() {}

  /** The format an option names, or the default for a path: parquet for *.parquet, else csv. */
  static String format(String option, String value, String path) {
    String f = (value != null ? value : path.toLowerCase(Locale.ROOT).endsWith(".parquet") ? "parquet" : "csv")
        .trim().toLowerCase(Locale.ROOT);
    if (!f.equals("csv") && !f.equals("parquet")) {
      throw new IllegalArgumentException(option + " '" + value + "' is not csv or parquet; e.g. " + option
          + " parquet");
    }
    return f;
  }

  static Dataset<Row> read(SparkSession spark, String path, String format) {
    return format.equals("csv")
        ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
        : spark.read().parquet(path);
  }

  static void write(Dataset<Row> table, String path, String format) {
    if (Path.of(path).toFile().exists()) {
      throw new IllegalArgumentException(path + ": exists; give --out another directory, or add"
          + " --overwrite to replace an earlier job's output there");
    }
    if (format.equals("csv")) {
      table.write().option("header", "true").csv(path);
    } else {
      table.write().parquet(path);
    }
  }
}
