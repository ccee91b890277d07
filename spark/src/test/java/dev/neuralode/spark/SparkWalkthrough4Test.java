package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fourth walkthrough's Spark findings: recorded settings have the defaults filled in and
 * numbers compared by value; {@code --max-steps 0} is the solver's own limit; a bad master URL, an
 * unknown column, a bad {@code --t} and an unknown method are one line naming the option; a
 * stopped job says so; density's summary.json records its settings.
 */
class SparkWalkthrough4Test {
  @TempDir Path dir;

  private String[] solve(Path out, String... more) throws Exception {
    Path input = dir.resolve("initial.csv");
    if (!Files.exists(input)) {
      Files.writeString(input, "x,v\n1,0\n0,1\n");
    }
    List<String> args = new ArrayList<>(List.of("ensemble-solve", "--data", input.toString(), "--out",
        out.toString(), "--vars", "x,v", "--rhs", "v; mu*(1-x^2)*v - x", "--param", "mu=1", "--t", "0:10:11",
        "--master", "local[1]", "-q"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aRerunWithDefaultsSpelledOutReplacesTheOutputAndARealDifferenceIsStillNamed() throws Exception {
    Path out = dir.resolve("ens");
    assertThat(SparkRun.of(solve(out)).exit()).isZero();
    // the defaults typed out, a number written another way: the same settings
    SparkRun same = SparkRun.of(solve(out, "--method", "DOPRI5", "--rtol", "0.0000001", "--atol", "1e-9", "--max-steps", "0",
        "--out-format", "csv", "--data-format", "CSV"));
    assertThat(same.err()).isEmpty();
    assertThat(same.exit()).isZero();
    // and back again
    assertThat(SparkRun.of(solve(out)).exit()).isZero();
    SparkRun refused = SparkRun.of(solve(out, "--rtol", "1e-6", "--method", "tsit5"));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err().strip()).contains("other settings (--method dopri5 -> tsit5, --rtol 0.0000001 ->"
        + " 0.000001)").doesNotContain("(not given)").doesNotContain("\n");
  }

  @Test
  void fitEnsembleAndDensityRecordTheirDefaults() {
    String[] fit = {"--data", "lynx.csv", "--out", "runs/f"};
    Map<String, String> plain = SparkOutput.settings(new FitEnsembleCommand(fit).options());
    List<String> spelled = new ArrayList<>(List.of(fit));
    spelled.addAll(List.of("--grid", "251", "--iterations", "1000", "--gradient", "backsolve", "--method", "dopri5",
        "--rtol", "1e-7", "--lr", "0.010", "--hidden", "32,32", "--activation", "TANH", "--fits", "8"));
    assertThat(SparkOutput.settings(new FitEnsembleCommand(spelled.toArray(String[]::new)).options()))
        .isEqualTo(plain);
    spelled.addAll(List.of("--seed", "3"));
    assertThat(SparkOutput.settings(new FitEnsembleCommand(spelled.toArray(String[]::new)).options()))
        .isNotEqualTo(plain);

    String[] toy = {"--toy", "8gaussians", "--out", "runs/d"};
    Map<String, String> d = SparkOutput.settings(new DensityCommand(toy).options());
    assertThat(d).containsEntry("--gradient", "adjoint").containsEntry("--step-size", "0.25")
        .containsEntry("--rows", "200000").containsEntry("--method", "rk4");
    String[] full = {"--toy", "8gaussians", "--out", "runs/d", "--rows", "200000", "--method", "rk4",
        "--step-size", "0.250", "--gradient", "adjoint", "--max-steps", "0", "--iterations", "200", "--batch", "512",
        "--schedule", "cosine", "--hidden", "64,64,64", "--rtol", "1e-5", "--atol", "0.00001"};
    assertThat(SparkOutput.settings(new DensityCommand(full).options())).isEqualTo(d);

    // walkthrough 18: spaces in an expression do not make it another setting
    String[] spaced = {"--data", "in.csv", "--out", "runs/e", "--vars", "x,v", "--rhs", "v; mu*(1-x^2)*v - x",
        "--param", "mu=1", "--t", "0:5:6"};
    String[] tight = {"--data", "in.csv", "--out", "runs/e", "--vars", "x,v", "--rhs", "v;mu*(1-x^2)*v-x",
        "--param", "mu=1", "--t", "0:5:6"};
    assertThat(SparkOutput.settings(new EnsembleSolveCommand(spaced).options()))
        .isEqualTo(SparkOutput.settings(new EnsembleSolveCommand(tight).options()));
    String[] other = tight.clone();
    other[7] = "v;mu*(1-x^2)*v+x";
    assertThat(SparkOutput.settings(new EnsembleSolveCommand(other).options()))
        .isNotEqualTo(SparkOutput.settings(new EnsembleSolveCommand(tight).options()));
  }

  @Test
  void numbersAreComparedByValue() {
    assertThat(SparkOutput.normalize("1e-7")).isEqualTo(SparkOutput.normalize("0.0000001"))
        .isEqualTo(SparkOutput.normalize(Double.toString(1e-7)));
    assertThat(SparkOutput.normalize("1000")).isEqualTo("1000").isEqualTo(SparkOutput.normalize("1000.0"));
    assertThat(SparkOutput.normalize("mu=1.0,k=2")).isEqualTo("mu=1,k=2");
    assertThat(SparkOutput.normalize("0:10:11")).isEqualTo("0:10:11");
    assertThat(SparkOutput.normalize("v; -x")).isEqualTo("v; -x");
    assertThat(SparkOutput.normalize("1e-7")).isNotEqualTo(SparkOutput.normalize("1e-6"));
  }

  @Test
  void maxStepsZeroIsTheSolversOwnLimitAndItsErrorsNameMaxSteps() throws Exception {
    Path out = dir.resolve("zero");
    SparkRun r = SparkRun.of(solve(out, "--max-steps", "0"));
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    String[] negative = solve(dir.resolve("neg"), "--max-steps", "-1");
    assertThatThrownBy(() -> new EnsembleSolveCommand(java.util.Arrays.copyOfRange(negative, 1, negative.length)))
        .hasMessage("--max-steps -1 must be at least 0");
    assertThatCode(() -> new DensityCommand(new String[] {"--toy", "8gaussians", "--out", "x", "--max-steps", "0"}))
        .doesNotThrowAnyException();
  }

  @Test
  void aBadMasterIsOneLineNamingMasterAndTheAcceptedForms() throws Exception {
    for (String master : List.of("bogus://x", "local[x]", "local[0]")) {
      List<String> args = new ArrayList<>(List.of(solve(dir.resolve("m"))));
      args.set(args.indexOf("local[1]"), master);
      SparkRun r = SparkRun.of(args.toArray(String[]::new));
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err().strip()).isEqualTo("neuralode spark ensemble-solve: --master '" + master
          + "' is not a Spark master URL; give one of " + SparkMain.MASTER_FORMS + ", e.g. --master local[4]");
    }
    for (String ok : List.of("local", "local[4]", "local[*]", "local[2,3]", "spark://host:7077", "yarn",
        "k8s://https://host:6443", "local-cluster[2,1,1024]")) {
      assertThatCode(() -> SparkMain.checkMaster(ok)).doesNotThrowAnyException();
    }
  }

  @Test
  void anUnknownDensityColumnIsOneLineListingTheColumns() throws Exception {
    Path data = Files.writeString(dir.resolve("faithful.csv"), "eruptions,waiting\n3.6,79\n1.8,54\n3.3,74\n");
    SparkRun r = SparkRun.of("density", "--data", data.toString(), "--columns", "eruptions,wait", "--out",
        dir.resolve("d").toString(), "--iterations", "1", "--master", "local[1]");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("neuralode spark density: --columns: " + data
        + " has no column 'wait'; its columns are eruptions, waiting");
  }

  @Test
  void aBadTimeRangeAndAnUnknownMethodNameTheirOptions() {
    assertThatThrownBy(() -> new EnsembleSolveCommand(new String[] {"--data", "a.csv", "--out", "o", "--vars", "x",
        "--rhs", "-x", "--t", "0:10"}))
        .hasMessage("--t '0:10' has 1 ':'; write a list such as 0,1,2.5 or start:stop:count such as 0:10:11");
    assertThatThrownBy(() -> new EnsembleSolveCommand(new String[] {"--data", "a.csv", "--out", "o", "--vars", "x",
        "--rhs", "-x", "--t", "0:10:11", "--method", "rk5"}))
        .hasMessageStartingWith("--method 'rk5' is not a known method; methods: euler,")
        .hasMessageContaining("dopri5").hasMessageNotContaining("solver");
    // walkthrough 22: scipy's name gets the local commands' hint
    assertThatThrownBy(() -> new EnsembleSolveCommand(new String[] {"--data", "a.csv", "--out", "o", "--vars", "x",
        "--rhs", "-x", "--t", "0:10:11", "--method", "rk45"}))
        .hasMessageEndingWith(", kvaerno5 (scipy's RK45 is dopri5 here)").hasMessageNotContaining("e.g.");
  }

  @Test
  void aStoppedJobSaysSoPlainly() {
    Options o = Options.parse("density", new String[] {"--out", dir.resolve("none").toString()},
        java.util.Set.of("--out"), java.util.Set.of());
    assertThat(SparkMain.stopped("SIGTERM", o)).isEqualTo("stopped (SIGTERM); no output written");
    // walkthrough 20: a job writes beside --out and swaps its output in only when complete, so a
    // stopped rerun leaves the earlier output (walkthrough 13 had it deleted when the job began)
    Path out = dir.resolve("left");
    Options left = Options.parse("ensemble-solve", new String[] {"--out", out.toString()},
        java.util.Set.of("--out"), java.util.Set.of());
    try {
      dev.neuralode.io.SparkJobRecord.write(java.nio.file.Files.createDirectories(out), "spark ensemble-solve",
          java.util.Map.of());
      assertThat(SparkMain.stopped("SIGTERM", left)).isEqualTo("stopped (SIGTERM); no output written; " + out
          + " keeps its earlier contents");
      // a second signal's line (walkthrough 17) describes the directory as the first's does
      assertThat(SparkMain.stopped("a second SIGTERM, at once", left))
          .isEqualTo("stopped (a second SIGTERM, at once); no output written; " + out + " keeps its earlier contents");
      // a second signal after the job swapped its recorded output in: its output is complete
      left.outRecorded();
      assertThat(SparkMain.stopped("a second SIGTERM, at once", left)).isEqualTo("stopped (a second SIGTERM, at"
          + " once) after the job had written and recorded its output; " + out + " is complete");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Exception shutDown = new RuntimeException("wrapped", new IllegalStateException(
        "Job 19 cancelled because SparkContext was shut down"));
    assertThat(SparkMain.contextShutDown(shutDown)).isTrue();
    assertThat(SparkMain.contextShutDown(new RuntimeException("disk full"))).isFalse();
  }

  @Test
  void densitysSummaryRecordsItsSettings() throws Exception {
    Path out = dir.resolve("density");
    SparkRun r = SparkRun.of("density", "--toy", "8gaussians", "--rows", "64", "--iterations", "2", "--batch", "16",
        "--hidden", "8", "--gradient", "backsolve", "--out", out.toString(), "--master", "local[1]", "-q");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("settings");
    assertThat(s).isNotNull();
    assertThat(s.get("toy").asText()).isEqualTo("8gaussians");
    assertThat(s.get("rows").asInt()).isEqualTo(64);
    assertThat(s.get("iterations").asInt()).isEqualTo(2);
    assertThat(s.get("batch").asInt()).isEqualTo(16);
    assertThat(s.get("gradient").asText()).isEqualTo("adjoint");
    assertThat(s.get("method").asText()).isEqualTo("rk4");
    assertThat(s.get("step_size").asDouble()).isEqualTo(0.25);
    assertThat(s.get("columns").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(s.get("partitions").asInt()).isPositive();
  }
}
