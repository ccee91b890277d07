package dev.neuralode.spark;

import dev.neuralode.io.OutputSet;
import dev.neuralode.io.SparkJobRecord;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
 * {@code --overwrite}. Unlike the other commands, the old output is deleted when the new job starts
 * (Spark writes into {@code --out} itself).
 *
 * <p>Before the job writes anything, {@link #prepare} records its start in {@value #MARKER} ({@link
 * SparkJobRecord#start}, with the paths the command may write, {@link #writes}); {@link #mark}
 * replaces that record when the job has finished. A job that failed or was stopped in between thus
 * leaves a directory that a rerun recognises as an unfinished job's files: replaced with {@code
 * --overwrite} (if it holds nothing else), refused without. A job that wrote nothing there leaves
 * nothing ({@link #discardIfNothingWritten}).
 */
final class SparkOutput {
  /** The file in each job's {@code --out} that names the job, its settings and its files. */
  static final String MARKER = SparkJobRecord.FILE;

  /** Options that do not change what a job computes. */
  private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("--out",
      "--overwrite", Options.QUIET, Options.HELP, "--master");

  private SparkOutput() {}

  /**
   * Checks {@code out} before a job, deletes an earlier job's or local run's output that may be
   * replaced, and records in {@code out} (created if missing) that this job begins.
   *
   * @param out the output directory
   * @param command the command's name, e.g. {@code density}
   * @param o the parsed options
   * @throws IllegalArgumentException (exit status 2) naming the directory and the fix, if it is a
   *     file, holds files no neuralode run wrote, or holds another job's or a local run's output,
   *     or an unfinished job's files, without {@code --overwrite}
   * @throws IOException if deleting the earlier output or writing the record fails
   */
  static void prepare(Path out, String command, Options o) throws IOException {
    // what the command reads from here on (e.g. a partition count that depends on the cluster)
    // is not a setting: the record that mark writes is the settings compared here
    o.freeze();
    if (!Files.exists(out)) {
      start(out, command, o);
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException(out + ": exists and is not a directory; give --out a"
          + " directory path (it is created if missing)");
    }
    List<String> entries = entries(out);
    if (entries.isEmpty()) {
      start(out, command, o);
      return;
    }
    boolean overwrite = o.has("--overwrite");
    SparkJobRecord previous = SparkJobRecord.read(out);
    if (previous == null) {
      SparkJobRecord.Unfinished unfinished = SparkJobRecord.unfinished(out);
      if (unfinished != null) {
        // a job that failed or was stopped (its record of the start is there, not the finished one):
        // its own files, replaced only when the user says so
        requireNothingForeign(out, unfinished.foreign(out));
        if (!overwrite) {
          throw new IllegalArgumentException(unfinishedLine(out.toString(), unfinished.command()));
        }
        replace(out, command, o);
        return;
      }
      OutputSet.LocalOutput local = OutputSet.localOutput(out);
      if (local == null) {
        throw new IllegalArgumentException(out + ": already holds files that no neuralode run wrote ("
            + names(entries) + "); neuralode replaces only its own output, even with --overwrite:"
            + " give --out a new or empty directory");
      }
      requireNothingForeign(out, local.foreign());
      if (!overwrite) {
        throw new IllegalArgumentException(out + ": already holds " + local.description()
            + "; give --out another directory, or add --overwrite to replace its contents");
      }
      replace(out, command, o);
      return;
    }
    requireNothingForeign(out, previous.foreign(out));
    String before = previous.command();
    Map<String, String> settings = settings(o);
    if (!overwrite) {
      if (!before.equals("spark " + command)) {
        throw new IllegalArgumentException(out + ": already holds the output of '" + before
            + "'; give --out another directory, or add --overwrite to replace its contents");
      }
      Map<String, String> recorded = normalized(previous.settings());
      if (!recorded.equals(settings)) {
        throw new IllegalArgumentException(out + ": already holds the output of '" + before
            + "' with other settings (" + differences(recorded, settings)
            + "); give --out another directory, or add --overwrite to replace its contents");
      }
    }
    replace(out, command, o);
  }

  /** Deletes an earlier output that may be replaced and records the start of this job. */
  private static void replace(Path out, String command, Options o) throws IOException {
    o.replacedEarlierOutput();
    deleteTree(out);
    start(out, command, o);
  }

  /**
   * Records in {@code out} that the job begins, before it writes anything there ({@link
   * SparkJobRecord#start}), so that a rerun recognises the files of a job that failed or was
   * stopped; {@link #mark} replaces the record when the job has finished.
   */
  private static void start(Path out, String command, Options o) throws IOException {
    SparkJobRecord.start(out, "spark " + command, settings(o), writes(command));
  }

  /**
   * The line for a directory that holds the files of a job that did not finish.
   *
   * @param out the directory, as given
   * @param command the job's command, e.g. {@code spark ensemble-solve}
   * @return e.g. {@code runs/ens: holds an unfinished job's files ('spark ensemble-solve'); delete
   *     it, add --overwrite to replace it, or give --out another directory}
   */
  static String unfinishedLine(String out, String command) {
    return out + ": holds an unfinished job's files ('" + command + "'); " + UNFINISHED_FIX;
  }

  /** What to do about a directory with an unfinished job's files. */
  static final String UNFINISHED_FIX = "delete it, add --overwrite to replace it, or give --out another"
      + " directory";

  /** What a Spark table write leaves in its directory (Hadoop's output committer). */
  private static final List<String> TABLE = List.of("part-*", ".part-*.crc", "_SUCCESS", "._SUCCESS.crc",
      "_temporary", "_temporary/**");

  /**
   * The paths a command may write into its {@code --out}, as glob patterns ({@link
   * SparkJobRecord.Unfinished#writes()}): its files, their temporary files ({@code .NAME.*.tmp},
   * {@link dev.neuralode.io.AtomicFiles}) and, for a Spark table, Hadoop's part files and
   * checksums.
   *
   * @param command the command's name, e.g. {@code density}
   * @return the patterns
   */
  static List<String> writes(String command) {
    List<String> files = switch (command) {
      case "ensemble-solve" -> List.of("_neuralode_summary.json");
      case "density" -> List.of("model.json", "loss.csv", "summary.json");
      case "fit-ensemble" -> List.of("models", "models/fit-*.json", "fits.csv", "bands.csv", "model.json",
          "summary.json");
      default -> List.of();
    };
    List<String> all = new ArrayList<>();
    if (command.equals("ensemble-solve") || command.equals("logp")) {
      all.addAll(TABLE);
    }
    for (String f : files) {
      all.add(f);
      if (!f.equals("models")) {
        int slash = f.lastIndexOf('/');
        all.add(f.substring(0, slash + 1) + "." + f.substring(slash + 1) + ".*.tmp");
      }
    }
    return all;
  }

  /**
   * Whether {@code out} holds nothing but the record of a job's start: the job began there and
   * wrote nothing.
   *
   * @param out the output directory
   * @return true if so; false if it is missing or holds anything else
   */
  static boolean nothingWritten(Path out) {
    try {
      return Files.isDirectory(out) && entries(out).equals(List.of(MARKER))
          && SparkJobRecord.unfinished(out) != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Removes {@code out} if the job that began there has written nothing but its record of the
   * start (it failed or was stopped before its first file): there is then no output to speak of.
   *
   * @param out the output directory
   * @return true if {@code out} does not exist (any more)
   */
  static boolean discardIfNothingWritten(Path out) {
    try {
      if (!Files.exists(out)) {
        return true;
      }
      if (!nothingWritten(out)) {
        return false;
      }
      Files.delete(out.resolve(MARKER));
      Files.delete(out);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
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
   * Records the job in {@code out} after it has written its files.
   *
   * @param out the output directory, written
   * @param command the command's name
   * @param o the parsed options
   * @throws IOException if the marker cannot be written
   */
  static void mark(Path out, String command, Options o) throws IOException {
    SparkJobRecord.write(out, "spark " + command, settings(o));
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
        s.put(k, normalize(v));
      }
    });
    return s;
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
      String x = a.getOrDefault(k, "(not given)");
      String y = b.getOrDefault(k, "(not given)");
      if (!x.equals(y)) {
        diffs.add(k + " " + x + " -> " + y);
      }
    }
    String named = String.join(", ", diffs.subList(0, Math.min(3, diffs.size())));
    return diffs.size() > 3 ? named + " and " + (diffs.size() - 3) + " more" : named;
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String names(List<String> unordered) {
    // what a user named first: visible files before hidden ones (Hadoop's .crc checksums)
    List<String> all = OutputSet.visibleFirst(unordered);
    return all.size() <= 5 ? String.join(", ", all)
        : String.join(", ", all.subList(0, 5)) + " and " + (all.size() - 5) + " more";
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
