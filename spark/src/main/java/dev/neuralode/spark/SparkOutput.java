package dev.neuralode.spark;

import dev.neuralode.io.OutputSet;
import dev.neuralode.io.SparkJobRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code --out} directory of a {@code neuralode spark} job, with the rules of the other
 * neuralode commands' output sets: a job records its command, settings and files in {@value
 * #MARKER} ({@link SparkJobRecord}; Spark's readers skip names that start with an underscore); a
 * later job may replace that directory when it is the same command with the same settings, or
 * with {@code --overwrite}. A local command's output set ({@link OutputSet}) is recognised too,
 * and replaced only with {@code --overwrite}, as another job's output is. A directory that no
 * neuralode run wrote, or that holds files its run did not write, is never deleted, with or without
 * {@code --overwrite}. As the other commands do, a job writes into a hidden sibling of {@code --out}
 * ({@link OutputSet#staged}) and swaps it in when it has recorded its output ({@link #commit}), so
 * that a job that fails or is stopped leaves the earlier output as it was.
 */
final class SparkOutput {
  /** The file in each job's {@code --out} that names the job, its settings and its files. */
  static final String MARKER = SparkJobRecord.FILE;

  /** Options that do not change what a job computes. */
  private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("--out",
      "--overwrite", Options.QUIET, Options.HELP, "--master");

  private SparkOutput() {}

  /**
   * Checks {@code out} before a job and starts the output set that replaces it: the job writes into
   * the directory returned, which does not exist yet (Spark's writers create it; the command's own
   * files need {@code Files.createDirectories} first), and {@link #commit} swaps it in. Until then
   * {@code out} keeps an earlier job's or local run's output; SparkMain deletes a set not
   * committed.
   *
   * @param out the output directory
   * @param command the command's name, e.g. {@code density}
   * @param o the parsed options, which keep the set
   * @return the directory to write the output into (a hidden sibling of out)
   * @throws IllegalArgumentException (exit status 2) naming the directory and the fix, if it is a
   *     file, holds files no neuralode run wrote, or holds another job's or a local run's output
   *     without {@code --overwrite}
   * @throws IOException if an interrupted earlier swap cannot be finished
   */
  static Path prepare(Path out, String command, Options o) throws IOException {
    // an earlier run's interrupted swap is finished first, so that the check sees what --out holds
    OutputSet.recover(out);
    check(out, command, o);
    OutputSet set = OutputSet.staged(out);
    o.staged(set);
    return set.dir();
  }

  /**
   * {@link #prepare} for a table Spark's writer writes (ensemble-solve, logp): an {@code --out} on
   * the local file system is staged as there; one on another file system (HDFS, S3, ...), which the
   * job writes through Hadoop, is written in place, with no staging and no record, since Spark's
   * writer refuses a path there that exists (the job's summary goes there too).
   *
   * @param spark the session, whose Hadoop configuration resolves the path
   * @param output the output path or URI as given
   * @param command the command's name
   * @param o the parsed options
   * @return where the job writes: a local staging directory, or output unchanged
   * @throws IOException as {@link #prepare}
   */
  static String prepareTable(org.apache.spark.sql.SparkSession spark, String output, String command, Options o)
      throws IOException {
    Path local = Tables.localDir(spark, output);
    if (local != null) {
      return prepare(local, command, o).toString();
    }
    o.freeze();
    return output;
  }

  /**
   * Records the job in the output it has written ({@value #MARKER}) and swaps that output in for
   * {@code --out}: the earlier contents are deleted only now.
   *
   * @param command the command's name
   * @param o the parsed options, holding the set {@link #prepare} started
   * @throws IOException if the record cannot be written or the swap fails (the earlier output then
   *     stays)
   */
  static void commit(String command, Options o) throws IOException {
    OutputSet set = o.staged();
    if (set == null) {
      // a remote --out (prepareTable): written in place, no record
      o.outRecorded();
      return;
    }
    Files.createDirectories(set.dir());
    SparkJobRecord.write(set.dir(), "spark " + command, settings(o));
    // while the output is swapped in a second signal does not halt the process (SparkMain.Stopper):
    // a halt between the renames would leave --out for the next run to finish
    o.committing(true);
    try {
      set.commit();
      o.outRecorded();
    } finally {
      o.committing(false);
    }
  }

  /**
   * The checks of {@link #prepare} that need no Spark, before Spark starts (5 to 30 s), so that an
   * {@code --out} that the job would refuse is refused at once: a file, a directory of foreign or
   * unfinished files, another command's or a local run's output without {@code --overwrite}, or this
   * command's with other values of the options given now. It stages nothing and records no setting
   * ({@link #prepare} still checks everything, including the defaults the command reads later).
   *
   * @param out the local output directory
   * @param command the Spark command, e.g. {@code ensemble-solve}
   * @param o the options as parsed
   * @throws IllegalArgumentException as {@link #prepare} would refuse --out
   * @throws IOException if --out cannot be read
   */
  static void precheck(Path out, String command, Options o) throws IOException {
    try {
      OutputSet.recover(out);
    } catch (IOException e) {
      throw new IllegalArgumentException(out + ": cannot tidy up an interrupted earlier run there (" + e.getMessage()
          + "); check the directory's permissions, or give --out another directory", e);
    }
    check(out, command, o, true);
  }

  /**
   * {@link #precheck} for a table's {@code --out} that is plainly local ({@link Tables#plainlyLocal});
   * any other is left to {@link #prepareTable}, once Spark has started.
   *
   * @param output the output path as given
   * @param command the Spark command, e.g. {@code logp}
   * @param o the options as parsed
   * @throws IllegalArgumentException as {@link #precheck}
   * @throws IOException as {@link #precheck}
   */
  static void precheckTable(String output, String command, Options o) throws IOException {
    Path local = Tables.plainlyLocal(output, o);
    if (local != null) {
      precheck(local, command, o);
    }
  }

  /** {@link #prepare}'s checks; returns when --out may be replaced. */
  private static void check(Path out, String command, Options o) throws IOException {
    // what the command reads from here on (e.g. a partition count that depends on the cluster)
    // is not a setting: the record that commit writes is the settings compared here
    o.freeze();
    check(out, command, o, false);
  }

  /**
   * The checks; {@code given} compares only the options given on the command line (before the
   * command has read its defaults), else every setting the command read.
   */
  private static void check(Path out, String command, Options o, boolean given) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException(out + ": exists and is not a directory; give --out a"
          + " directory path (it is created if missing)");
    }
    List<String> entries = entries(out);
    if (entries.isEmpty()) {
      return;
    }
    boolean overwrite = o.has("--overwrite");
    SparkJobRecord previous = SparkJobRecord.read(out);
    if (previous == null) {
      OutputSet.LocalOutput local = OutputSet.localOutput(out);
      if (local == null) {
        if (entries.stream().anyMatch(SparkOutput::sparkLeftover)) {
          // a stopped or failed job's part files: no record says which job wrote them, so they
          // are not deleted for the user
          throw new IllegalArgumentException(out + ": holds an unfinished job's files ("
              + names(entries) + ") and no record of a finished neuralode job, as a stopped or failed"
              + " Spark job that wrote into --out itself leaves it; neuralode never deletes files it has no record of, even with"
              + " --overwrite: delete " + out + " yourself, or give --out another directory");
        }
        throw new IllegalArgumentException(out + ": already holds files that no neuralode run wrote ("
            + names(entries) + "); neuralode replaces only its own output, even with --overwrite:"
            + " give --out a new or empty directory");
      }
      requireNothingForeign(out, local.foreign());
      if (!overwrite) {
        throw new IllegalArgumentException(out + ": already holds " + local.description()
            + "; give --out another directory, or add --overwrite to replace its contents");
      }
      return;
    }
    requireNothingForeign(out, previous.foreign(out));
    String before = previous.command();
    Map<String, String> settings = settings(o);
    if (given) {
      // the options given, as the command's parsing has read them so far (a method's or a format's
      // spelling made canonical)
      settings.keySet().retainAll(o.givenValues().keySet());
    }
    if (!overwrite) {
      if (!before.equals("spark " + command)) {
        throw new IllegalArgumentException(out + ": already holds the output of '" + before
            + "'; give --out another directory, or add --overwrite to replace its contents");
      }
      Map<String, String> recorded = normalized(previous.settings());
      if (given) {
        // an option given now and recorded then with another value: the settings differ, whatever
        // the defaults the command reads later
        recorded.keySet().retainAll(settings.keySet());
        settings.keySet().retainAll(recorded.keySet());
      }
      if (!recorded.equals(settings)) {
        throw new IllegalArgumentException(out + ": already holds the output of '" + before
            + "' with other settings (" + differences(recorded, settings)
            + "); give --out another directory, or add --overwrite to replace its contents");
      }
    }
  }

  private static void requireNothingForeign(Path out, List<String> foreign) {
    if (!foreign.isEmpty()) {
      throw new IllegalArgumentException(out + ": holds files that the previous run did not write ("
          + names(foreign) + "), which replacing it would delete (even with --overwrite); move"
          + " them out, or give --out another directory");
    }
  }

  /**
   * The settings a job records and compares: the effective value of every option the command
   * read (the default where it was not given), numbers by value ({@code 1e-7} and {@code
   * 0.0000001} alike), without the options that do not change what the job computes.
   *
   * @param o the parsed options, after the command has read its settings
   * @return option name to normalised value, sorted by name
   */
  static Map<String, String> settings(Options o) {
    return normalized(o.effectiveValues());
  }

  private static Map<String, String> normalized(Map<String, String> values) {
    Map<String, String> s = new TreeMap<>();
    values.forEach((k, v) -> {
      if (!NOT_SETTINGS.contains(k) && v != null) {
        // spaces mean nothing in an expression: 'v; -x' and 'v;-x' are the same right-hand side
        s.put(k, normalize(k.equals("--rhs") ? v.replaceAll("\\s+", "") : k.equals("--t") ? timesByValue(v) : v));
      }
    });
    return s;
  }

  /**
   * The output times as the job uses them, listed: {@code 0:10:11} and {@code 0,1,...,10} are the
   * same times; text that does not parse is compared as it is.
   */
  private static String timesByValue(String text) {
    try {
      double[] t = Options.times("--t", text);
      StringBuilder b = new StringBuilder();
      for (double x : t) {
        b.append(b.length() == 0 ? "" : ",").append(x);
      }
      return b.toString();
    } catch (RuntimeException e) {
      return text;
    }
  }

  /**
   * A value with every number in it, between the separators {@code , : ; = /}, written by value:
   * {@code 1e-7}, {@code 1.0E-7} and {@code 0.0000001} all become {@code 0.0000001}, {@code
   * 1000.0} becomes {@code 1000}; other text is kept as it is.
   *
   * @param value an option's value
   * @return the value with its numbers normalised
   */
  static String normalize(String value) {
    StringBuilder b = new StringBuilder();
    for (String token : value.split("(?<=[,:;=/])|(?=[,:;=/])", -1)) {
      String t = token.strip();
      java.math.BigDecimal x = null;
      if (!t.isEmpty() && t.length() < 100) {
        try {
          x = new java.math.BigDecimal(t);
        } catch (NumberFormatException e) {
          x = null;
        }
      }
      if (x == null) {
        b.append(token);
      } else if (x.signum() == 0) {
        b.append('0');
      } else {
        java.math.BigDecimal y = x.stripTrailingZeros();
        b.append(Math.abs(y.scale()) <= 40 ? y.toPlainString() : y.toString());
      }
    }
    return b.toString();
  }

  private static String differences(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<String> diffs = new ArrayList<>();
    for (String k : keys) {
      String x = a.get(k);
      String y = b.get(k);
      if (x == null) {
        diffs.add(k + " " + y + " now, not given before");
      } else if (y == null) {
        diffs.add(k + " not given now, " + x + " before");
      } else if (!x.equals(y)) {
        diffs.add(k + " " + shortened(x) + " -> " + shortened(y));
      }
    }
    String named = String.join(", ", diffs.subList(0, Math.min(3, diffs.size())));
    return diffs.size() > 3 ? named + " and " + (diffs.size() - 3) + " more" : named;
  }

  /** A long value (a list of many times) for a message: its start, an ellipsis and its end. */
  private static String shortened(String v) {
    return v.length() <= 60 ? v : v.substring(0, 28) + "..." + v.substring(v.length() - 28);
  }

  /** The names in dir, visible ones first (a stopped job's {@code .crc} files last), each group sorted. */
  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted(OutputSet.VISIBLE_FIRST).toList();
    }
  }

  /**
   * A name that a stopped job leaves in its directory: Spark's part files, _SUCCESS, _temporary and
   * their .crc, or the hidden temporary file of one of the command's own files that it was writing
   * ({@code .model.json.<random>.tmp}, as {@link dev.neuralode.io.AtomicFiles} names them).
   */
  static boolean sparkLeftover(String name) {
    if (dev.neuralode.io.AtomicFiles.isTemporaryName(name)) {
      return true;
    }
    String n = name.startsWith(".") && name.endsWith(".crc") ? name.substring(1, name.length() - 4) : name;
    return n.startsWith("part-") || n.equals("_SUCCESS") || n.equals("_temporary");
  }

  private static String names(List<String> all) {
    return all.size() <= 5 ? String.join(", ", all)
        : String.join(", ", all.subList(0, 5)) + " and " + (all.size() - 5) + " more";
  }

}
