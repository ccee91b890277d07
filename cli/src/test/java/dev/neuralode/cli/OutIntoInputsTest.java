package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walkthrough 11: {@code predict}, {@code sample} and {@code logp} refuse an {@code --out} that is one
 * of their inputs or a file of a run's output set, and leave it as it was.
 */
class OutIntoInputsTest {
  @TempDir Path dir;

  @Test
  void predictSampleAndLogpNeverReplaceTheirInputsOrARunsFiles() throws Exception {
    Path series = Files.writeString(dir.resolve("s.csv"), "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n");
    Path fit = dir.resolve("fit");
    assertThat(CliRun.of(new FitCommand(), "--data", series.toString(), "--iterations", "2", "--hidden", "4",
        "--out", fit.toString(), "--quiet").exit()).isZero();
    Path model = fit.resolve("model.json");
    Path copy = Files.copy(model, dir.resolve("model.json"));
    byte[] before = Files.readAllBytes(copy);

    CliRun self = CliRun.of(new PredictCommand(), "--model", copy.toString(), "--t0", "0", "--t1", "4", "--out", copy.toString());
    assertThat(self.exit()).isEqualTo(2);
    assertThat(self.errLines()).singleElement().asString().contains("is also the --model input");
    assertThat(Files.readAllBytes(copy)).isEqualTo(before);

    byte[] predictions = Files.readAllBytes(fit.resolve("predictions.csv"));
    CliRun inside = CliRun.of(new PredictCommand(), "--model", copy.toString(), "--t0", "0", "--t1", "4", "--out",
        fit.resolve("predictions.csv").toString());
    assertThat(inside.exit()).isEqualTo(2);
    assertThat(inside.err()).contains("the output of a neuralode run").contains("fit-predictions.csv");
    assertThat(Files.readAllBytes(fit.resolve("predictions.csv"))).isEqualTo(predictions);
    CliRun dirOut = CliRun.of(new PredictCommand(), "--model", copy.toString(), "--t0", "0", "--t1", "4", "--out", fit.toString());
    assertThat(dirOut.err()).contains("fit-predictions.csv");

    Path flow = dir.resolve("flow");
    assertThat(CliRun.of(new DensityCommand(), "--toy", "moons", "--toy-samples", "100", "--iterations", "2",
        "--hidden", "8", "--grid", "8", "-n", "20", "--out", flow.toString(), "--quiet").exit()).isZero();
    Path cnf = Files.copy(flow.resolve("model.json"), dir.resolve("cnf.json"));
    byte[] cnfBefore = Files.readAllBytes(cnf);
    CliRun sample = CliRun.of(new SampleCommand(), "--model", cnf.toString(), "-n", "2", "--out", cnf.toString());
    assertThat(sample.exit()).isEqualTo(2);
    assertThat(Files.readAllBytes(cnf)).isEqualTo(cnfBefore);
    Path points = Files.copy(flow.resolve("samples.csv"), dir.resolve("points.csv"));
    byte[] pointsBefore = Files.readAllBytes(points);
    CliRun logp = CliRun.of(new LogpCommand(), "--model", cnf.toString(), "--data", points.toString(), "--out",
        points.toString());
    assertThat(logp.exit()).isEqualTo(2);
    assertThat(logp.errLines()).singleElement().asString().contains("is also the --data input");
    assertThat(Files.readAllBytes(points)).isEqualTo(pointsBefore);
    // a new file next to them is fine
    CliRun ok = CliRun.of(new LogpCommand(), "--model", cnf.toString(), "--data", points.toString(), "--out",
        dir.resolve("scores.csv").toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
  }
}
