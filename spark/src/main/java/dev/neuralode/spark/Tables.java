package dev.neuralode.spark;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reading and writing the commands' tables through Spark's CSV (with a header line) and Parquet. */
final class Tables {
  private Tables() {}

  /**
   * The format an option names, or the default for a path: parquet for *.parquet and for a local
   * directory of *.parquet part files (a job's Parquet output), else csv.
   */
  static String format(String option, String value, String path) {
    String f = (value != null ? value : looksLikeParquet(path) ? "parquet" : "csv")
        .trim().toLowerCase(Locale.ROOT);
    if (!f.equals("csv") && !f.equals("parquet")) {
      throw new IllegalArgumentException(option + " '" + value + "' is not csv or parquet; e.g. " + option
          + " parquet");
    }
    return f;
  }

  private static boolean looksLikeParquet(String path) {
    if (path.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      return true;
    }
    java.nio.file.Path dir;
    try {
      dir = java.nio.file.Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      return false; // a URI of another file system: Spark reads it, as CSV unless told otherwise
    }
    if (!java.nio.file.Files.isDirectory(dir)) {
      return false;
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet"));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Reads an input table. Spark resolves the path on its default file system (the local one
   * unless a cluster configures HDFS or another), so a missing or unreadable input is only known
   * once Spark looks: its exception becomes one line naming the option, the path and the fix.
   *
   * @param spark the session
   * @param option the option that named the path, e.g. {@code --data}
   * @param path the path as the user gave it
   * @param format csv or parquet
   * @return the table
   * @throws IllegalArgumentException if the path does not exist, cannot be read, or is not a
   *     table of that format
   */
  static Dataset<Row> read(SparkSession spark, String option, String path, String format) {
    // reading the schema runs a small Spark job; a file it cannot read fails that job, and Spark's
    // executor and scheduler log the failure with stack traces before the exception that becomes
    // our one line: those two loggers are quiet while the schema is read
    java.util.Map<String, Object> levels = quiet(SCHEMA_JOB_LOGGERS);
    try {
      return format.equals("csv")
          ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
          : spark.read().parquet(path);
    } catch (Exception e) {
      // Spark's AnalysisException is a checked exception that its Scala methods do not declare
      throw readFailure(option, path, format, e);
    } finally {
      restore(levels);
    }
  }

  /** The loggers that report a failed task of the schema-reading job. */
  private static final java.util.List<String> SCHEMA_JOB_LOGGERS = java.util.List.of(
      "org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager");

  /** Turns the loggers off; returns their levels before (Log4j 2's), or an empty map elsewhere. */
  private static java.util.Map<String, Object> quiet(java.util.List<String> loggers) {
    java.util.Map<String, Object> before = new java.util.LinkedHashMap<>();
    try {
      for (String name : loggers) {
        before.put(name, org.apache.logging.log4j.LogManager.getLogger(name).getLevel());
        org.apache.logging.log4j.core.config.Configurator.setLevel(name, org.apache.logging.log4j.Level.OFF);
      }
    } catch (RuntimeException | LinkageError e) {
      // another logging back end: its messages stay
    }
    return before;
  }

  private static void restore(java.util.Map<String, Object> levels) {
    try {
      levels.forEach((name, level) -> org.apache.logging.log4j.core.config.Configurator.setLevel(name,
          (org.apache.logging.log4j.Level) level));
    } catch (RuntimeException | LinkageError e) {
      // nothing was changed
    }
  }

  /** Reads a table that a command has just written (no user input: failures are job failures). */
  static Dataset<Row> readOwn(SparkSession spark, String path, String format) {
    return format.equals("csv")
        ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
        : spark.read().parquet(path);
  }

  /**
   * The one-line message for an input Spark could not read.
   *
   * @param option the option that named the path
   * @param path the path as given
   * @param format csv or parquet
   * @param e Spark's exception
   * @return the exception to throw (exit status 2)
   */
  static IllegalArgumentException readFailure(String option, String path, String format, Exception e) {
    String head = option + " " + path + ": ";
    if (e instanceof SparkThrowable s && "PATH_NOT_FOUND".equals(s.getCondition())) {
      String where = s.getMessageParameters().getOrDefault("path", path);
      return new IllegalArgumentException(head + "file not found (Spark looked for " + where
          + "); check the path (relative paths start at " + Path.of("").toAbsolutePath()
          + " on the local file system)", e);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof AccessDeniedException
          || (c.getMessage() != null && c.getMessage().contains("Permission denied"))) {
        return new IllegalArgumentException(head + "permission denied; make the file readable", e);
      }
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    reason = reason.strip().lines().findFirst().orElse("").replaceAll("\\s+SQLSTATE: \\w+\\.?$", "");
    if (reason.length() > 200) {
      reason = reason.substring(0, 197) + "...";
    }
    return new IllegalArgumentException(head + "cannot be read as " + format + " (" + reason
        + "); " + (format.equals("csv") ? "check that it is a CSV file with a header line"
        : "check that it is a Parquet file or directory, or give --data-format csv"), e);
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

  /**
   * The local path of {@code path} when it is plainly on this machine's file system before Spark
   * starts: a {@code file:} URI, or a path without a scheme under a local master ({@code local},
   * {@code local[N]}, ...) when the default file system is the local one: no Hadoop configuration in
   * the environment ({@code HADOOP_CONF_DIR}, {@code YARN_CONF_DIR}), and Hadoop's configuration as
   * Spark would build it (a {@code core-site.xml} on the class path, {@code spark.hadoop.*} system
   * properties, e.g. {@code spark.hadoop.fs.defaultFS} from {@code spark-submit --conf}) names
   * {@code file:} as the default; else null (Spark decides, once it has started).
   *
   * @param path the path as the user gave it
   * @param o the options (for {@code --master})
   * @return the local path, or null
   */
  static Path plainlyLocal(String path, Options o) {
    java.net.URI uri;
    try {
      uri = new org.apache.hadoop.fs.Path(path).toUri();
    } catch (RuntimeException e) {
      return null;
    }
    if ("file".equals(uri.getScheme())) {
      return Path.of(uri.getPath());
    }
    boolean localMaster = SparkMain.master(o).strip().startsWith("local");
    if (uri.getScheme() != null || !localMaster || System.getenv("HADOOP_CONF_DIR") != null
        || System.getenv("YARN_CONF_DIR") != null || !localDefaultFileSystem()) {
      return null;
    }
    try {
      return Path.of(path);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether Hadoop's default file system, configured as Spark would configure it, is the local one. */
  private static boolean localDefaultFileSystem() {
    try {
      org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
      for (String key : System.getProperties().stringPropertyNames()) {
        if (key.startsWith("spark.hadoop.")) {
          conf.set(key.substring("spark.hadoop.".length()), System.getProperty(key));
        }
      }
      return "file".equals(org.apache.hadoop.fs.FileSystem.getDefaultUri(conf).getScheme());
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Refuses, before Spark starts, an input that is plainly local ({@link #plainlyLocal}) and does
   * not exist, with the message {@link #read} would give; a pattern ({@code * ? [ {}) is left to
   * Spark.
   *
   * @param option the option that named the path, e.g. {@code --data}
   * @param path the path as the user gave it
   * @param o the options
   * @return the local path ({@link #plainlyLocal}), or null when Spark decides
   * @throws IllegalArgumentException if the file is missing
   */
  static Path requireLocalInput(String option, String path, Options o) {
    Path local = plainlyLocal(path, o);
    if (local == null || path.matches(".*[*?\\[{].*") || Files.exists(local)) {
      return local;
    }
    throw new IllegalArgumentException(option + " " + path + ": file not found (looked for "
        + local.toAbsolutePath() + "); check the path (relative paths start at " + Path.of("").toAbsolutePath()
        + " on the local file system)");
  }

  /**
   * The local directory an output path names, or null when Spark's file system for it is another
   * (HDFS, S3, ...: the cluster's {@code fs.defaultFS} for a path without a scheme).
   *
   * @param spark the session, whose Hadoop configuration resolves the path
   * @param path the path as given ({@code runs/ens}, {@code file:///data/ens}, {@code hdfs:///ens})
   * @return the local path, or null
   */
  static Path localDir(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      if (!"file".equals(p.getFileSystem(spark.sparkContext().hadoopConfiguration()).getScheme())) {
        return null;
      }
    } catch (java.io.IOException | RuntimeException e) {
      return null; // a file system Spark cannot load here is not the local one
    }
    return p.toUri().getScheme() == null ? Path.of(path) : Path.of(p.toUri().getPath());
  }

  /**
   * Writes a small text file into an output directory on Spark's file system for it (a local one
   * atomically, as {@link dev.neuralode.io.AtomicFiles} does; HDFS, S3 and others through Hadoop's
   * file system, replacing the file).
   *
   * @param spark the session
   * @param dir the directory, local or a URI Spark writes
   * @param name the file's name
   * @param text its content
   * @throws java.io.IOException if it cannot be written
   */
  static void writeText(SparkSession spark, String dir, String name, String text) throws java.io.IOException {
    Path local = localDir(spark, dir);
    if (local != null) {
      dev.neuralode.io.AtomicFiles.writeString(local.resolve(name), text);
      return;
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, name);
    try (java.io.OutputStream out = file.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(file, true)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
