package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walkthrough 2, items 1, 2 and 10: every Spark option has a described line with its default in
 * the help; {@code --overwrite} replaces only an earlier job's output, never the user's files;
 * {@code -q} prints nothing but errors, Spark's own log lines included.
 */
class SparkWalkthroughTest {
  @TempDir Path dir;

  private static final String[] COMMANDS = {"ensemble-solve", "fit-ensemble", "density", "logp"};

  @SuppressWarnings("unchecked")
  private static Set<String> accepted(Class<?> command) throws Exception {
    Set<String> names = new TreeSet<>();
    for (String field : new String[] {"VALUED", "FLAGS"}) {
      try {
        Field f = command.getDeclaredField(field);
        f.setAccessible(true);
        names.addAll((Set<String>) f.get(null));
      } catch (NoSuchFieldException e) {
        // a command without flags
      }
    }
    names.addAll(List.of(Options.QUIET, Options.HELP, Options.OVERWRITE));
    return names;
  }

  /** Walkthrough 12, finding 10: a missing column's message listed input_row, which the command adds. */
  @Test
  void aMissingParameterColumnListsOnlyTheInputsColumns() throws Exception {
    Path input = Files.writeString(dir.resolve("initial.csv"), "x,v\n1,0\n0.5,0.1\n");
    SparkRun r = SparkRun.of("ensemble-solve", "--data", input.toString(), "--out", dir.resolve("o").toString(),
        "--vars", "x,v", "--rhs", "v; -mu*x", "--param", "mu", "--t", "0:1:3", "--master", "local[1]");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("neuralode spark ensemble-solve: parameter 'mu' has no default and the"
        + " input has no column of that name; its columns are [x, v]; add the column or give a default (--param mu=VALUE on the"
        + " command line)");
    assertThat(dir.resolve("o")).doesNotExist();
    // a column the result adds is refused before --out is touched too
    for (String taken : List.of("input_row", "status")) {
      Path clash = Files.writeString(dir.resolve(taken + ".csv"), "x,v," + taken + "\n1,0,7\n");
      SparkRun c = SparkRun.of("ensemble-solve", "--data", clash.toString(), "--out", dir.resolve("o").toString(),
          "--vars", "x,v", "--rhs", "v; -x", "--t", "0:1:3", "--master", "local[1]");
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("the input already has a column '" + taken + "'");
      assertThat(dir.resolve("o")).doesNotExist();
    }
  }

  /**
   * Walkthrough 12, finding 4: spark density reported its NLL on the standardised rows (2.76 on Old
   * Faithful, where one Gaussian scores 4.64 in data units). It is now in data units, nats per row,
   * as local density's: the training objective (loss.csv's loss, the flow's NLL of the standardised
   * rows) plus the sum of the log standard deviations of the columns.
   */
  @Test
  void sparkDensityReportsItsNllInDataUnits() throws Exception {
    StringBuilder csv = new StringBuilder("a,b\n");
    double[][] x = new double[40][];
    java.util.Random rng = new java.util.Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {50 + 12 * rng.nextGaussian(), 0.2 * rng.nextGaussian()};
      csv.append(x[i][0]).append(',').append(x[i][1]).append('\n');
    }
    Path data = Files.writeString(dir.resolve("ab.csv"), csv.toString());
    Path out = dir.resolve("d");
    SparkRun r = SparkRun.of("density", "--data", data.toString(), "--columns", "a,b", "--out", out.toString(),
        "--iterations", "2", "--batch", "40", "--hidden", "8", "--master", "local[1]");
    assertThat(r.exit()).as(r.err()).isZero();
    double logSigma = 0;
    for (int c = 0; c < 2; c++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[c] / x.length;
      }
      double var = 0;
      for (double[] row : x) {
        var += (row[c] - mean) * (row[c] - mean) / x.length;
      }
      logSigma += 0.5 * Math.log(var);
    }
    List<String> lines = Files.readAllLines(out.resolve("loss.csv"));
    assertThat(lines.get(0)).startsWith("iteration,loss,nll,");
    assertThat(lines.get(1)).as("counts as whole numbers, as local density writes them").startsWith("1,")
        .doesNotContain(".0,");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertThat(Double.parseDouble(f[2]) - Double.parseDouble(f[1])).as(line).isCloseTo(logSigma,
          org.assertj.core.api.Assertions.within(1e-9));
    }
    String last = lines.get(lines.size() - 1).split(",")[2];
    assertThat(dev.neuralode.io.Json.readTree(out.resolve("summary.json"), "summary").get("final_nll").asDouble())
        .isEqualTo(Double.parseDouble(last));
    assertThat(r.err()).contains("nats/row");
    // progress after the first iteration (not only every tenth), and after the last
    assertThat(r.err()).contains("iteration 1/2 (50%)").contains("iteration 2/2 (100%)");
  }

  /**
   * Walkthrough 12, finding 1: a job stopped by SIGTERM printed Spark's shutdown errors (rejected task
   * updates, removed broadcast blocks, with stack traces) after its one line. The signal's handler
   * turns Spark's logging off and points System.err at nothing (Spark's threads also print
   * there directly) until the command returns.
   */
  @Test
  void aStopSignalTurnsSparksLoggingOff() {
    org.apache.logging.log4j.Logger scheduler =
        org.apache.logging.log4j.LogManager.getLogger("org.apache.spark.scheduler.TaskSchedulerImpl");
    org.apache.spark.sql.SparkSession spark = LocalSpark.start(1);
    SparkMain.Stopper stopper = new SparkMain.Stopper(spark, () -> false);
    java.io.PrintStream standardError = System.err;
    try {
      assertThat(scheduler.isErrorEnabled()).as("Spark logs errors before the signal").isTrue();
      stopper.stop("TERM");
      assertThat(stopper.signal()).isEqualTo("TERM");
      assertThat(scheduler.isErrorEnabled()).isFalse();
      assertThat(org.apache.logging.log4j.LogManager.getRootLogger().isFatalEnabled()).isFalse();
      // the stack traces Spark's threads print straight to System.err (walkthrough 12, try 4 of 7 in a
      // recheck) go nowhere until the command gives System.err back
      assertThat(System.err).isNotSameAs(standardError);
    } finally {
      stopper.uninstall();
      spark.stop();
      stopper.restore();
    }
    // the logging configuration's levels and System.err are back for what runs next in this JVM
    assertThat(scheduler.isErrorEnabled()).isTrue();
    assertThat(System.err).isSameAs(standardError);
    // a signal that arrives as the command returns (after uninstall) silences nothing for good
    org.apache.spark.sql.SparkSession again = LocalSpark.start(1);
    SparkMain.Stopper late = new SparkMain.Stopper(again, () -> false);
    late.uninstall();
    late.stop("TERM");
    assertThat(System.err).isSameAs(standardError);
    assertThat(scheduler.isErrorEnabled()).isTrue();
    again.stop();
  }

  @Test
  void aSecondSignalWhileTheOutputIsSwappedInDoesNotHalt() {
    // a halt between the swap's renames would leave --out for the next run to finish; were the
    // second signal not ignored here, this test's JVM would halt, failing the build loudly
    org.apache.spark.sql.SparkSession spark = LocalSpark.start(1);
    SparkMain.Stopper stopper = new SparkMain.Stopper(spark, () -> true);
    java.io.PrintStream standardError = System.err;
    try {
      stopper.stop("TERM");
      stopper.stop("TERM");
      assertThat(stopper.signal()).isEqualTo("TERM");
    } finally {
      stopper.uninstall();
      spark.stop();
      stopper.restore();
    }
    assertThat(System.err).isSameAs(standardError);
  }

  @Test
  void aMistypedCommandOrToyGetsTheNearName() {
    SparkRun command = SparkRun.of("densty");
    assertThat(command.exit()).isEqualTo(2);
    assertThat(command.err().strip()).isEqualTo("neuralode spark: unknown command 'densty' (did you mean density?);"
        + " commands: ensemble-solve, fit-ensemble, density, logp (see neuralode spark --help)");
    SparkRun toy = SparkRun.of("density", "--toy", "pinwheels", "--out", dir.resolve("d").toString());
    assertThat(toy.exit()).isEqualTo(2);
    assertThat(toy.err().strip()).startsWith("neuralode spark density: unknown toy density --toy 'pinwheels'"
        + " (did you mean pinwheel?); choose one of [");
    assertThat(dir.resolve("d")).doesNotExist();
  }

  @Test
  void everyOptionOfEveryCommandHasADescribedLineInItsHelp() throws Exception {
    Class<?>[] classes = {EnsembleSolveCommand.class, FitEnsembleCommand.class,
        DensityCommand.class, LogpCommand.class};
    for (int c = 0; c < COMMANDS.length; c++) {
      SparkRun help = SparkRun.of(COMMANDS[c], "--help");
      assertThat(help.exit()).isZero();
      assertThat(help.out()).startsWith("Usage: neuralode spark " + COMMANDS[c] + " [options]\n");
      for (String option : accepted(classes[c])) {
        // "      --rtol TOL   Relative tolerance (default: 1e-7)." (or "  -q, --quiet ..."), the
        // description wrapped onto indented continuation lines where it is long
        assertThat(help.out()).as("%s %s", COMMANDS[c], option)
            .containsPattern("(?m)^  (-\\w, |    )" + option + "( [A-Z=]+)?  +\\S[^\\n]{10,}(\\n {10,}\\S[^\\n]*)*\\.$");
      }
      assertThat(help.out()).as(COMMANDS[c]).contains("(default: ");
      // wrapped at 80 columns as the other commands' help (a single longer word may stay whole)
      assertThat(help.out().lines().filter(l -> l.length() > 80 && l.strip().contains(" ")))
          .as(COMMANDS[c]).isEmpty();
    }
    SparkRun top = SparkRun.of("--help");
    assertThat(top.out()).contains("ensemble-solve  Solve one ODE").contains("--overwrite")
        .contains("logp            The log-density");
  }

  @Test
  void overwriteReplacesOnlyAnEarlierJobsOutputAndNeverTheUsersFiles() throws Exception {
    Path input = Files.writeString(dir.resolve("initial.csv"), "id,x\n0,1\n1,2\n");
    Path out = dir.resolve("out");
    String[] solve = {"ensemble-solve", "--data", input.toString(), "--out", out.toString(),
        "--vars", "x", "--rhs", "-x", "--t", "0:1:3", "--out-format", "csv", "--master", "local[1]",
        "-q"};
    assertThat(SparkRun.of(solve).exit()).isZero();
    assertThat(out.resolve(SparkOutput.MARKER)).isRegularFile();
    // the same job with the same settings replaces its own output
    assertThat(SparkRun.of(solve).exit()).isZero();
    // other settings: refused without --overwrite, naming the difference
    List<String> other = new ArrayList<>(List.of(solve));
    other.addAll(List.of("--rtol", "1e-6"));
    SparkRun refused = SparkRun.of(other.toArray(String[]::new));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err().strip()).isEqualTo("neuralode spark ensemble-solve: " + out
        + ": already holds the output of 'spark ensemble-solve' with other settings (--rtol"
        + " 0.0000001 -> 0.000001); give --out another directory, or add --overwrite to replace its"
        + " contents");
    other.add("--overwrite");
    assertThat(SparkRun.of(other.toArray(String[]::new)).exit()).isZero();
    // a file the user put there is never deleted, even with --overwrite
    Files.writeString(out.resolve("notes.txt"), "mine");
    SparkRun kept = SparkRun.of(other.toArray(String[]::new));
    assertThat(kept.exit()).isEqualTo(2);
    assertThat(kept.err()).contains("holds files that the previous run did not write (notes.txt)");
    assertThat(out.resolve("notes.txt")).hasContent("mine");
    // a directory no job wrote is refused, with or without --overwrite
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("a.txt"), "a");
    other.set(other.indexOf(out.toString()), mine.toString());
    SparkRun home = SparkRun.of(other.toArray(String[]::new));
    assertThat(home.exit()).isEqualTo(2);
    assertThat(home.err()).contains(mine + ": already holds files that no neuralode run wrote"
        + " (a.txt); neuralode replaces only its own output, even with --overwrite");
    assertThat(mine.resolve("a.txt")).hasContent("a");
  }

  /**
   * As the launcher runs it (its log4j2 configuration, spark/conf/log4j2.properties): with
   * {@code -q} a job that succeeds prints nothing at all, on stdout or stderr.
   */
  @Test
  void quietPrintsNothingAsTheLauncherRunsIt() throws Exception {
    Path input = Files.writeString(dir.resolve("initial.csv"), "id,x\n0,1\n1,2\n");
    Path module = Path.of("").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "@" + module.resolve("jvm.options"),
        "-Dlog4j2.configurationFile=" + module.resolve("conf").resolve("log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), SparkMain.class.getName(),
        "ensemble-solve", "--data", input.toString(), "--out", dir.resolve("q").toString(),
        "--vars", "x", "--rhs", "-x", "--t", "0:1:3", "--master", "local[1]", "-q"));
    Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile()).start();
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr"))).isZero();
    assertThat(Files.readString(dir.resolve("stderr"))).isEmpty();
    assertThat(Files.readString(dir.resolve("stdout"))).isEmpty();
    assertThat(dir.resolve("q").resolve(SparkOutput.MARKER)).isRegularFile();
    assertThat(new File(System.getProperty("java.class.path").split(File.pathSeparator)[0]))
        .exists();
  }
}
