package dev.neuralode.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --name value} options of a {@code neuralode spark} command, checked against the
 * names the command knows. Every problem is an {@link IllegalArgumentException} naming the option,
 * the value and the fix (exit status 2). The values given never change after parsing; each read
 * with a default also records the effective value (the default where the option was not given),
 * until {@link #freeze()}, so that a job's recorded settings have the defaults filled in.
 */
final class Options {
  /**
   * The names earlier versions used, as hidden aliases of the CLI's shared vocabulary ({@code
   * --data}, {@code --out}, {@code --param}, {@code --t}).
   */
  static final Map<String, String> ALIASES = Map.of("--input", "--data", "--output", "--out",
      "--input-format", "--data-format", "--output-format", "--out-format", "--params", "--param",
      "--times", "--t");

  /** The flag every command takes ({@code -q} is its short name): no report, no progress. */
  static final String QUIET = "--quiet";

  /** The flag every command takes ({@code -h} is its short name): the command's usage. */
  static final String HELP = "--help";

  /** The flag every command takes: replace an earlier job's {@code --out} (see SparkOutput). */
  static final String OVERWRITE = "--overwrite";

  private final String command;
  private final Map<String, String> values;
  /** Effective values read with a default or recorded by the command, by name. */
  private final Map<String, String> effective = new LinkedHashMap<>();
  private boolean frozen;
  /** The output set SparkOutput.prepare started for --out (written, then swapped in), or null. */
  private volatile dev.neuralode.io.OutputSet staged;
  /** Whether the job's output was swapped into --out, complete with its record. */
  private volatile boolean recorded;
  /** Whether the job is swapping its output into --out. */
  private volatile boolean committing;
  /** {@link System#nanoTime()} when SparkMain began the command (before Spark started). */
  private volatile long started = System.nanoTime();

  private Options(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  /**
   * Records the value a command uses for an option, e.g. its default or a canonical spelling of
   * the value given; ignored after {@link #freeze()}.
   *
   * @param name the option's name
   * @param value the effective value, as text
   */
  void effective(String name, String value) {
    if (!frozen && value != null) {
      effective.put(name, value);
    }
  }

  /** Records the output set SparkOutput.prepare started for --out. */
  void staged(dev.neuralode.io.OutputSet set) {
    staged = set;
  }

  /** The output set started for --out, or null before SparkOutput.prepare. */
  dev.neuralode.io.OutputSet staged() {
    return staged;
  }

  /** Records when SparkMain began the command, before Spark started ({@link System#nanoTime()}). */
  void started(long nanos) {
    started = nanos;
  }

  /**
   * When the command began, the origin of its lines' elapsed time and of its seconds.
   *
   * @return a {@link System#nanoTime()} value
   */
  long startedNanos() {
    return started;
  }

  /** Records that the job is (true) or is no longer (false) swapping its output into --out. */
  void committing(boolean now) {
    committing = now;
  }

  /** Whether the job is swapping its output into --out. */
  boolean committing() {
    return committing;
  }

  /** Records that the job's output was swapped into --out with its record: it is complete. */
  void outRecorded() {
    recorded = true;
  }

  /** Whether the job's output in --out is complete and recorded. */
  boolean recorded() {
    return recorded;
  }

  /**
   * Stops recording effective values: what is read later (e.g. a partition count that depends on
   * the cluster) is not part of the recorded settings.
   */
  void freeze() {
    frozen = true;
  }

  /**
   * The options given on the command line, by name, before the command reads any default.
   *
   * @return a copy
   */
  Map<String, String> givenValues() {
    return new LinkedHashMap<>(values);
  }

  /**
   * The effective settings: the values given, with the values recorded by {@link
   * #effective(String, String)} or by reads with a default over them.
   *
   * @return name to value, a new map
   */
  Map<String, String> effectiveValues() {
    Map<String, String> all = new LinkedHashMap<>(values);
    all.putAll(effective);
    return all;
  }

  /**
   * Parses arguments.
   *
   * @param command the command's name, for messages
   * @param args the arguments after the command name
   * @param valued the options that take a value
   * @param flags the options without a value
   * @return the options
   * @throws IllegalArgumentException for an unknown or repeated option, a missing value or a stray
   *     argument
   */
  static Options parse(String command, String[] args, Set<String> valued, Set<String> flags) {
    Map<String, String> v = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      name = ALIASES.getOrDefault(name, name);
      if (name.equals("-q")) {
        name = QUIET;
      } else if (name.equals("-h")) {
        name = HELP;
      }
      if ((flags.contains(name) || name.equals(QUIET) || name.equals(HELP)
          || name.equals(OVERWRITE)) && value == null) {
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value; e.g. " + name + " VALUE");
          }
          value = args[++i];
        }
      } else {
        Set<String> known = new TreeSet<>(valued);
        known.addAll(flags);
        known.add(QUIET);
        known.add(HELP);
        known.add(OVERWRITE);
        throw new IllegalArgumentException("unknown option '" + a + "'"
            + dev.neuralode.io.NearMatches.hint(a, known) + "; known options: " + String.join(", ", known));
      }
      if (name.equals("--param") && v.containsKey(name)) {
        // repeatable, as in 'neuralode solve': --param mu=1 --param k=2
        v.put(name, v.get(name) + "," + value);
      } else if (v.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice; give it once");
      }
    }
    return new Options(command, v);
  }

  /** The options given, by name, in the order given. */
  Map<String, String> values() {
    return java.util.Collections.unmodifiableMap(values);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    String v = values.getOrDefault(name, fallback);
    if (fallback != null && !effective.containsKey(name)) {
      effective(name, v);
    }
    return v;
  }

  String required(String name, String example) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("needs " + name + "; e.g. " + name + " " + example);
    }
    return v;
  }

  int integer(String name, int fallback, int min) {
    String v = values.get(name);
    if (v == null) {
      effective(name, Integer.toString(fallback));
      return fallback;
    }
    try {
      int x = Integer.parseInt(v.trim());
      if (x < min) {
        throw new IllegalArgumentException(name + " " + v + " must be at least " + min);
      }
      effective(name, Integer.toString(x));
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not a whole number; e.g. " + name + " " + fallback);
    }
  }

  double real(String name, double fallback) {
    String v = values.get(name);
    double x = v == null ? fallback : parseReal(name, v);
    if (Double.isFinite(x)) {
      effective(name, Double.toString(x));
    }
    return x;
  }

  /**
   * A real option that must be above 0 ({@code positive}) or at least 0; the message quotes the
   * value as it was typed.
   */
  double real(String name, double fallback, boolean positive, String example) {
    double x = real(name, fallback);
    if (positive ? !(x > 0) : !(x >= 0)) {
      throw new IllegalArgumentException(name + " " + values.getOrDefault(name, Double.toString(fallback)).strip() + " must be "
          + (positive ? "> 0" : ">= 0") + ", e.g. " + name + " " + example);
    }
    return x;
  }

  static double parseReal(String name, String v) {
    try {
      double x = Double.parseDouble(v.trim());
      if (!Double.isFinite(x)) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not a finite number; e.g. " + name + " 0.01");
    }
  }

  List<String> list(String name, String fallback) {
    String v = values.getOrDefault(name, fallback);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (fallback != null && !effective.containsKey(name)) {
      effective(name, v);
    }
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  static int[] widths(String name, String text) {
    try {
      int[] w = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
      if (w.length == 0 || Arrays.stream(w).anyMatch(x -> x < 1 || x > 100_000)) {
        throw new NumberFormatException();
      }
      return w;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text + "' must be widths between 1 and 100000 separated by"
          + " commas, e.g. " + name + " 32,32");
    }
  }

  /**
   * Output times: {@code start:end:count} (count evenly spaced times, both ends included) or a
   * comma-separated list.
   */
  static double[] times(String name, String text) {
    String[] range = text.split(":", -1);
    if (range.length != 1 && range.length != 3) {
      throw new IllegalArgumentException(name + " '" + text + "' has " + (range.length - 1) + " ':'; write a list"
          + " such as 0,1,2.5 or start:stop:count such as 0:10:11");
    }
    if (range.length == 3) {
      double a = parseReal(name, range[0]);
      double b = parseReal(name, range[1]);
      int n;
      try {
        n = Integer.parseInt(range[2].trim());
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 2 || a == b) {
        throw new IllegalArgumentException(name + " '" + text + "' needs start != end and a count >= 2, e.g. "
            + name + " 0:10:11");
      }
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = i == n - 1 ? b : a + (b - a) * i / (n - 1);
      }
      return t;
    }
    String[] parts = text.split(",");
    double[] t = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      t[i] = parseReal(name, parts[i]);
    }
    return t;
  }

  /**
   * Checks that output times for a solve of --rhs are at least two and strictly increasing or
   * decreasing, naming the option (the solver's own check does not know it). A fitted model's
   * predictions take times in any order, so --model runs do not check.
   *
   * @param name the option, e.g. {@code --t}
   * @param text its value as given
   * @param t the times parsed from it
   * @throws IllegalArgumentException naming the option and the first time out of order (counted
   *     from 1, as local {@code solve} does)
   */
  static void requireMonotone(String name, String text, double[] t) {
    if (t.length < 2) {
      throw new IllegalArgumentException(name + " '" + text + "' needs at least two times (the first is the"
          + " initial state's), e.g. " + name + " 0:10:11");
    }
    // as local solve words it (values counted from 1)
    dev.neuralode.io.OutputTimes.requireStrictlyMonotone(name, t);
  }
}
