package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.CnfModelFile;
import dev.neuralode.io.Json;
import dev.neuralode.io.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralode density}, {@code sample} and {@code logp} on tiny runs. */
class DensityCommandTest {
  @TempDir Path dir;

  private static final String[] TINY = {"--iterations", "3", "--hidden", "8,8", "--grid", "8", "--samples", "40",
      "--batch", "64", "--quiet"};

  private CliRun density(String... args) {
    String[] all = new String[args.length + TINY.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(TINY, 0, all, args.length, TINY.length);
    return CliRun.of(new DensityCommand(), all);
  }

  @Test
  void toyRunWritesEveryOutputAndSampleAndLogpReadTheModel() throws Exception {
    Path out = dir.resolve("moons");
    CliRun run = density("--toy", "moons", "--toy-samples", "120", "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    for (String f : List.of("model.json", "density.png", "samples.png", "samples.csv", "flow.gif", "loss.csv",
        "summary.json")) {
      assertThat(out.resolve(f)).isRegularFile();
    }
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    for (String k : List.of("train_nll", "test_nll", "baseline_test_nll", "gmm2_test_nll", "nfe_forward",
        "nfe_backward", "seconds")) {
      assertThat(s.has(k)).as(k).isTrue();
    }
    assertThat(s.get("n_test").asInt()).isEqualTo(24);
    assertThat(Files.readAllLines(out.resolve("loss.csv"))).hasSize(4);
    assertThat(Files.readAllLines(out.resolve("loss.csv")).get(1)).startsWith("1,")
        .doesNotContain(".0,");
    assertThat(CnfModelFile.load(out.resolve("model.json")).kind()).isEqualTo("cnf");
    CliRun predict = CliRun.of(new PredictCommand(), "--model", out.resolve("model.json").toString(),
        "--t0", "0", "--t1", "1");
    assertThat(predict.exit()).as("predict refuses a flow").isEqualTo(2);
    assertThat(predict.err()).contains("is a density (cnf) model; predict and spark ensemble-solve need a model"
        + " written by 'neuralode fit'").doesNotContain("time_offset");

    Path samples = dir.resolve("s.csv");
    CliRun sample = CliRun.of(new SampleCommand(), "--model", out.resolve("model.json").toString(), "-n", "25",
        "--seed", "4", "--out", samples.toString());
    assertThat(sample.exit()).as(sample.err()).isZero();
    List<String> lines = Files.readAllLines(samples);
    assertThat(lines).hasSize(26);
    assertThat(lines.get(0)).isEqualTo("x,y");

    CliRun logp = CliRun.of(new LogpCommand(), "--model", out.resolve("model.json").toString(), "--data",
        samples.toString(), "--columns", "x,y");
    assertThat(logp.exit()).as(logp.err()).isZero();
    List<String> rows = logp.out().lines().toList();
    assertThat(rows.get(0)).isEqualTo("x,y,log_p");
    assertThat(rows).hasSize(26);
    for (String r : rows.subList(1, rows.size())) {
      assertThat(Double.parseDouble(r.split(",")[2])).isFinite();
    }
  }

  @Test
  void logpReportsTheSameTestNllAsTheSummary() throws Exception {
    Path faithful = SharedData.require("data/old_faithful.csv");
    Path out = dir.resolve("faithful");
    CliRun run = density("--data", faithful.toString(), "--columns", "eruptions,waiting", "--test-fraction", "0",
        "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    CliRun logp = CliRun.of(new LogpCommand(), "--model", out.resolve("model.json").toString(), "--data",
        faithful.toString());
    assertThat(logp.exit()).as(logp.err()).isZero();
    double sum = 0;
    List<String> rows = logp.out().lines().toList();
    for (String r : rows.subList(1, rows.size())) {
      sum -= Double.parseDouble(r.split(",")[2]);
    }
    // no test split: every row is a training row, in the data's units
    assertThat(sum / (rows.size() - 1)).isCloseTo(s.get("train_nll").asDouble(), within(1e-5));
    assertThat(s.get("test_nll").isNull()).isTrue();
  }

  @Test
  void hutchinsonRegularisedDirectRunWorks() throws Exception {
    Path out = dir.resolve("rings");
    CliRun run = density("--toy", "rings", "--toy-samples", "100", "--trace", "hutchinson-rademacher",
        "--kinetic", "0.01", "--jacobian", "0.01", "--gradient", "direct", "--train-end-time", "--schedule", "step",
        "--weight-decay", "1e-4", "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("settings").get("trace").asText()).isEqualTo("hutchinson-rademacher");
    // every setting, the output options included (walkthrough 9)
    assertThat(s.get("settings").get("toy_samples").asInt()).isEqualTo(100);
    assertThat(s.get("settings").get("count").asInt()).isEqualTo(40);
    assertThat(s.get("settings").get("grid").asInt()).isEqualTo(8);
    assertThat(s.get("settings").get("out").asText()).isEqualTo(out.toString());
    assertThat(s.get("nfe_backward").asDouble()).isZero();
    assertThat(s.get("final_end_time").asDouble()).isNotEqualTo(1.0);
  }

  @Test
  void badOptionsExitWithStatusTwo() {
    CliRun both = density("--toy", "moons", "--data", "x.csv", "--out", dir.toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("exactly one of --data");
    CliRun toy = density("--toy", "bananas", "--out", dir.toString());
    assertThat(toy.exit()).isEqualTo(2);
    assertThat(toy.err()).contains("pinwheel");
    CliRun trace = density("--toy", "moons", "--trace", "magic", "--out", dir.toString());
    assertThat(trace.exit()).isEqualTo(2);
    CliRun batch = CliRun.of(new DensityCommand(), "--toy", "moons", "--batch", "0", "--out",
        dir.toString());
    assertThat(batch.exit()).isEqualTo(2);
    assertThat(batch.err()).contains("--batch must be at least 1; got 0");
    // the options the core checks are named as the user typed them, before --out is touched
    for (String[] bad : new String[][] {{"--end-time", "0", "--end-time must be a finite number > 0"},
        {"--weight-decay", "-1", "--weight-decay must be a finite number >= 0"},
        {"--kinetic", "-0.5", "--kinetic must be a finite number >= 0"},
        {"--jacobian", "-1", "--jacobian must be a finite number >= 0"}}) {
      Path o = dir.resolve("bad" + bad[0]);
      CliRun r = CliRun.of(new DensityCommand(), "--toy", "moons", bad[0], bad[1], "--out", o.toString());
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      // the value as typed ("got 0", not the parsed "got 0.0")
      assertThat(r.err().strip()).contains(bad[2]).endsWith("got " + bad[1]);
      assertThat(o).doesNotExist();
    }
    CliRun model = CliRun.of(new SampleCommand(), "--model", dir.resolve("none.json").toString());
    assertThat(model.exit()).isEqualTo(2);
  }
}
