package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.LatentModelFile;
import dev.neuralode.model.LatentOdeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralode latent} on a small panel: outputs, model file, determinism and input errors. */
class LatentCommandTest {
  @TempDir Path dir;

  private Path panel() throws Exception {
    StringBuilder b = new StringBuilder("id,t,x,y\n");
    for (int g = 0; g < 4; g++) {
      for (int i = 0; i < 6; i++) {
        double t = 0.3 * i + 0.1 * g;
        String x = (g + i) % 5 == 0 ? "" : Double.toString(Math.cos(t + g));
        String y = (g * i) % 7 == 3 ? "NA" : Double.toString(Math.sin(t + g));
        b.append("s").append(g).append(',').append(t).append(',').append(x).append(',').append(y).append('\n');
      }
    }
    Path f = dir.resolve("panel.csv");
    Files.writeString(f, b.toString());
    return f;
  }

  private CliRun run(Path out, String... extra) throws Exception {
    String[] base = {"--data", panel().toString(), "--time", "t", "--group", "id", "--iterations", "3", "--out",
        out.toString(), "--quiet"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(new LatentCommand(), args);
  }

  @Test
  void writesModelReconstructionsPlotAndSummary() throws Exception {
    Path out = dir.resolve("run");
    CliRun r = run(out);
    assertThat(r.exit()).as(r.err()).isZero();
    LatentOdeModel m = LatentModelFile.load(out.resolve("model.json"));
    assertThat(m.columns()).containsExactly("x", "y");
    assertThat(m.kind()).isEqualTo("latent-ode");
    assertThat(m.build().flatParameters()).isEqualTo(m.parameters());
    List<String> lines = Files.readAllLines(out.resolve("reconstructions.csv"));
    // the input's names of the group and time columns (--group id --time t)
    assertThat(lines.get(0)).isEqualTo("id,t,x,y,x_model,y_model");
    assertThat(lines).hasSize(1 + 24);
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("groups").asInt()).isEqualTo(4);
    assertThat(s.get("reconstruction_rmse").get("x").asDouble()).isPositive();
    assertThat(Files.exists(out.resolve("latent.png"))).isTrue();
    assertThat(LatentModelFile.of(m).toModel(out.resolve("model.json"))).isEqualTo(m);
  }

  /** Walkthrough: the RMSE line printed a Java map ({x=0.12, y=0.34}). */
  @Test
  void reconstructionsKeepTheInputsCellsAsWritten() throws Exception {
    // times with trailing zeros and exponents, missing values as NA, NaN and empty cells
    List<String> input = List.of("id,t,x,y",
        "a,0.100,1.50,NA", "a,0.250,2.0,0.3", "a,4.810,NaN,1e-1", "a,5,,0.70",
        "b,0.100,0.9,-0.20", "b,1.0E0,1.000,", "b,4.810,NA,0.5");
    Path f = dir.resolve("written.csv");
    Files.write(f, input);
    Path out = dir.resolve("written");
    CliRun r = CliRun.of(new LatentCommand(), "--data", f.toString(), "--time", "t", "--group", "id",
        "--iterations", "2", "--out", out.toString(), "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("reconstructions.csv"));
    assertThat(lines).hasSize(input.size());
    assertThat(lines.get(0)).isEqualTo("id,t,x,y,x_model,y_model");
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      assertThat(String.join(",", java.util.Arrays.copyOf(cells, 4))).isEqualTo(input.get(i));
      assertThat(Double.parseDouble(cells[4])).isFinite();
      assertThat(Double.parseDouble(cells[5])).isFinite();
    }
  }

  @Test
  void printsTheReconstructionRmseAsText() throws Exception {
    Path out = dir.resolve("loud");
    CliRun r = CliRun.of(new LatentCommand(), "--data", panel().toString(), "--time", "t",
        "--group", "id", "--iterations", "2", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.errLines()).last().asString()
        .matches("latent: 4 groups, reconstruction RMSE x [0-9.e-]+, y [0-9.e-]+ \\(data units\\),"
            + " [0-9.]+ s -> .*loud");
  }

  @Test
  void sameSeedSameModelBytes() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertThat(run(a).exit()).isZero();
    assertThat(run(b).exit()).isZero();
    assertThat(Files.readAllBytes(a.resolve("model.json"))).isEqualTo(Files.readAllBytes(b.resolve("model.json")));
    assertThat(run(dir.resolve("c"), "--seed", "1").exit()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("c").resolve("model.json")))
        .isNotEqualTo(Files.readAllBytes(a.resolve("model.json")));
  }

  @Test
  void badInputGivesOneLineAndStatusTwo() throws Exception {
    Path f = panel();
    String[][] cases = {
        {"--data", f.toString(), "--time", "t", "--group", "patient"},
        {"--data", f.toString(), "--time", "t", "--group", "id", "--columns", "x,z"},
        {"--data", dir.resolve("missing.csv").toString(), "--time", "t", "--group", "id"},
        {"--data", f.toString(), "--time", "t", "--group", "id", "--lr", "-1"},
    };
    String[] expected = {"no column 'patient'", "no column 'z'", "file not found", "--lr"};
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[cases[i].length + 2];
      System.arraycopy(cases[i], 0, args, 0, cases[i].length);
      args[args.length - 2] = "--out";
      args[args.length - 1] = dir.resolve("bad" + i).toString();
      CliRun r = CliRun.of(new LatentCommand(), args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains(expected[i]);
    }
    Path dup = dir.resolve("dup.csv");
    Files.writeString(dup, "id,t,x\na,0,1\na,0,2\nb,0,1\nb,1,2\n");
    CliRun r = CliRun.of(new LatentCommand(), "--data", dup.toString(), "--time", "t", "--group", "id", "--out",
        dir.resolve("d").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("time 0.0 twice");
    Path text = dir.resolve("text.csv");
    Files.writeString(text, "id,t,x\na,0,1\na,1,high\n");
    r = CliRun.of(new LatentCommand(), "--data", text.toString(), "--time", "t", "--group", "id", "--out",
        dir.resolve("e").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("'high' is not a number");
    Path constant = dir.resolve("constant.csv");
    Files.writeString(constant, "id,t,x\na,0,1\na,1,1\n");
    r = CliRun.of(new LatentCommand(), "--data", constant.toString(), "--time", "t", "--group", "id", "--out",
        dir.resolve("f").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("constant");
  }
}
