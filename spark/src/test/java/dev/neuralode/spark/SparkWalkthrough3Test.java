package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.InputException;
import dev.neuralode.io.Json;
import dev.neuralode.io.ModelFile;
import dev.neuralode.io.OutputSet;
import dev.neuralode.io.SparkJobRecord;
import dev.neuralode.model.OdeMlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third walkthrough's Spark findings: local and Spark output sets recognise each other (and
 * {@code --overwrite} replaces the other kind's complete output, never a file no run wrote);
 * {@code spark fit-ensemble}'s fit 0 is the model local {@code fit} makes with the same settings,
 * and its summary.json records the settings; every report line on stderr has the command's
 * prefix.
 */
class SparkWalkthrough3Test {
  @TempDir Path dir;

  private static final Map<String, Object> FIT = Map.of("command", "fit", "settings",
      Map.of("--lr", 0.01));

  /** Writes a local run's output set into {@code out} as a local command does. */
  private static void localRun(Path out, boolean overwrite) throws Exception {
    try (OutputSet set = OutputSet.begin(out, "--out", FIT, overwrite)) {
      Files.writeString(set.dir().resolve("fit.png"), "png");
      Files.createDirectories(set.dir().resolve("frames"));
      Files.writeString(set.dir().resolve("frames").resolve("0000.png"), "png");
      set.commit();
    }
  }

  private String[] solve(Path out, String... more) throws Exception {
    Path input = dir.resolve("initial.csv");
    if (!Files.exists(input)) {
      Files.writeString(input, "x,v\n1,0\n0,1\n");
    }
    List<String> args = new ArrayList<>(List.of("ensemble-solve", "--data", input.toString(), "--out",
        out.toString(), "--vars", "x,v", "--rhs", "v; -x", "--t", "0:10:11", "--master", "local[1]"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSparkJobRecognisesALocalRunsOutputAndReplacesItOnlyWithOverwrite() throws Exception {
    Path lynx = dir.resolve("lynx");
    localRun(lynx, false);
    List<String> before = names(lynx);

    SparkRun refused = SparkRun.of(solve(lynx, "-q"));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err().strip()).isEqualTo("neuralode spark ensemble-solve: " + lynx
        + ": already holds the output of 'fit' (a local neuralode run); give --out another directory,"
        + " or add --overwrite to replace its contents");
    assertThat(names(lynx)).isEqualTo(before);

    // a file the user added to the local output is never deleted, even with --overwrite
    Files.writeString(lynx.resolve("frames").resolve("notes.txt"), "mine");
    SparkRun kept = SparkRun.of(solve(lynx, "-q", "--overwrite"));
    assertThat(kept.exit()).isEqualTo(2);
    assertThat(kept.err()).contains(lynx + ": holds files that the previous run did not write"
        + " (frames/notes.txt), which replacing it would delete (even with --overwrite)");
    assertThat(lynx.resolve("frames").resolve("notes.txt")).hasContent("mine");

    Files.delete(lynx.resolve("frames").resolve("notes.txt"));
    SparkRun replaced = SparkRun.of(solve(lynx, "-q", "--overwrite"));
    assertThat(replaced.exit()).as(replaced.err()).isZero();
    assertThat(lynx.resolve(SparkJobRecord.FILE)).isRegularFile();
    assertThat(lynx.resolve("fit.png")).doesNotExist();
    assertThat(lynx.resolve(OutputSet.IDENTITY)).doesNotExist();
  }

  @Test
  void aLocalRunRecognisesASparkJobsOutputAndReplacesItOnlyWithOverwrite() throws Exception {
    Path ens = dir.resolve("ens");
    SparkRun job = SparkRun.of(solve(ens, "-q"));
    assertThat(job.exit()).as(job.err()).isZero();
    assertThat(names(ens)).contains("._SUCCESS.crc", "_SUCCESS");

    assertThatThrownBy(() -> localRun(ens, false)).isInstanceOf(InputException.class)
        .hasMessage(ens + ": already holds the output of a neuralode Spark job ('spark ensemble-solve');"
            + " give --out another directory, or add --overwrite to replace its contents");

    // a file the user added is never deleted, even with --overwrite
    Files.writeString(ens.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> localRun(ens, true)).isInstanceOf(InputException.class)
        .hasMessageContaining("holds files that the previous run did not write (notes.txt)");
    assertThat(ens.resolve("notes.txt")).hasContent("mine");
    assertThat(ens.resolve("_SUCCESS")).exists();
    Files.delete(ens.resolve("notes.txt"));

    localRun(ens, true);
    assertThat(names(ens)).containsExactlyInAnyOrder("fit.png", "frames", OutputSet.IDENTITY, OutputSet.FILES);
  }

  @Test
  void aJobRecordListsEveryNestedFileSoAFileAddedInASubdirectoryIsKept() throws Exception {
    Path out = Files.createDirectories(dir.resolve("job").resolve("models"));
    Path job = out.getParent();
    Files.writeString(out.resolve("fit-0.json"), "{}");
    Files.writeString(job.resolve("summary.json"), "{}");
    SparkJobRecord.write(job, "spark fit-ensemble", Map.of("--fits", "1"));
    SparkJobRecord record = SparkJobRecord.read(job);
    assertThat(record.entries()).containsExactly("models", "models/fit-0.json", "summary.json");
    assertThat(record.files()).containsExactly("models", "summary.json");
    assertThat(record.foreign(job)).isEmpty();

    Files.writeString(out.resolve("mine.txt"), "mine");
    assertThat(record.foreign(job)).containsExactly("models/mine.txt");
    assertThatThrownBy(() -> localRun(job, true)).isInstanceOf(InputException.class)
        .hasMessageContaining("(models/mine.txt)");
    assertThat(out.resolve("mine.txt")).hasContent("mine");

    // a record written before nested entries were recorded is checked at the top level
    Files.writeString(job.resolve(SparkJobRecord.FILE), "{\"command\": \"spark fit-ensemble\", \"settings\": {},"
        + " \"files\": [\"models\", \"summary.json\"]}");
    SparkJobRecord legacy = SparkJobRecord.read(job);
    assertThat(legacy.entries()).isNull();
    assertThat(legacy.foreign(job)).isEmpty();
    Files.writeString(job.resolve("notes.txt"), "mine");
    assertThat(legacy.foreign(job)).containsExactly("notes.txt");
  }

  /**
   * Fit 0 of {@code spark fit-ensemble} with {@code fit}'s settings is the model local {@code
   * neuralode fit --data lynx_hare.csv --time year --iterations 60 --hidden 8} wrote (the resource
   * file, and the figures of its summary.json). Before, fit-ensemble trained with the older
   * growing-window trainer at the model's tolerances: rmse 2.4415 and 828,122 forward NFE at the
   * defaults where fit gets 2.4111 and 398,198.
   */
  @Test
  void fitZeroIsTheModelLocalFitMakesAndTheSummaryRecordsTheSettings() throws Exception {
    Path data = Path.of(System.getProperty("neuralode.shared", "../../shared"), "data", "lynx_hare.csv");
    Path fits = dir.resolve("fits");
    SparkRun r = SparkRun.of("fit-ensemble", "--data", data.toString(), "--time", "year", "--fits", "2", "--iterations", "60",
        "--hidden", "8", "--out", fits.toString(), "--master", "local[2]");
    assertThat(r.exit()).as(r.err()).isZero();

    OdeMlpModel local = ModelFile.load(Path.of(getClass().getResource(
        "local-fit-lynx-hare-60-iterations-hidden-8.json").toURI()));
    OdeMlpModel spark = ModelFile.load(fits.resolve("models").resolve("fit-0.json"));
    assertThat(spark.scaling()).isEqualTo(local.scaling());
    assertThat(spark.solver()).isEqualTo(local.solver());
    for (int j = 0; j < 2; j++) {
      assertThat(spark.initialState()[j]).isEqualTo(local.initialState()[j]);
    }
    double[] a = spark.parameters();
    double[] b = local.parameters();
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("parameter %d", i).isEqualTo(b[i]); // bit for bit
    }
    // fits.csv: index,seed,lr,hidden,bootstrap_seed,rows,status,error,final_loss,rmse,nfe_forward,...
    String[] row = Files.readAllLines(fits.resolve("fits.csv")).get(1).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    assertThat(row[6]).isEqualTo("ok");
    // local fit's summary.json: final_loss, rmse, nfe_forward_total, nfe_backward_total
    assertThat(Double.parseDouble(row[8])).isEqualTo(0.6483284653563685);
    assertThat(Double.parseDouble(row[9])).isEqualTo(15.157093780777512);
    assertThat(Long.parseLong(row[10])).isEqualTo(7014);
    assertThat(Long.parseLong(row[11])).isEqualTo(11205);

    JsonNode settings = Json.mapper().readTree(fits.resolve("summary.json").toFile()).get("settings");
    assertThat(settings).as("summary.json has settings").isNotNull();
    assertThat(settings.get("iterations").asInt()).isEqualTo(60);
    assertThat(settings.get("lr").asDouble()).isEqualTo(0.01);
    assertThat(settings.get("hidden").toString()).isEqualTo("[8]");
    assertThat(settings.get("time").asText()).isEqualTo("year");
    assertThat(settings.get("columns").toString()).isEqualTo("[\"hare\",\"lynx\"]");
    assertThat(settings.get("fit_rtol").asDouble()).isEqualTo(1e-5);
    assertThat(settings.get("fit_atol").asDouble()).isEqualTo(1e-7);
    assertThat(settings.get("rtol").asDouble()).isEqualTo(1e-7);
    assertThat(settings.get("nfe_budget").asInt()).isEqualTo(2000);
    assertThat(settings.get("fits").asInt()).isEqualTo(2);
    assertThat(settings.get("recipe").asText()).isEqualTo("collocation, multiple shooting, polish");

    // the report lines on stderr have the command's prefix, as the local commands' do
    assertThat(r.out()).isEmpty();
    // (two lines, and a third, the warning, when a short fit stays above 0.8 × the mean-only baseline)
    JsonNode summary = Json.mapper().readTree(fits.resolve("summary.json").toFile());
    assertThat(r.err().lines()).allSatisfy(l -> assertThat(l).startsWith("neuralode spark fit-ensemble: "));
    List<String> lines = reportLines(r.err());
    assertThat(lines).hasSize(summary.get("poor_fits").asInt() > 0 ? 3 : 2);
    assertThat(r.err()).contains("neuralode spark fit-ensemble: fitting 2 models of ")
        .contains("neuralode spark fit-ensemble: 2 fits: 2 succeeded, ");
    if (lines.size() == 3) {
      assertThat(lines.get(2)).startsWith("neuralode spark fit-ensemble: warning: fit")
          .isEqualTo("neuralode spark fit-ensemble: warning: " + summary.get("warning").asText());
    }

    // walkthrough 20: a rerun that fails after it began writing leaves the earlier output whole,
    // and what it wrote beside --out is gone (SparkMain closes the staged set)
    byte[] model = Files.readAllBytes(fits.resolve("model.json"));
    SparkRun failed = SparkRun.of("fit-ensemble", "--data", data.toString(), "--time", "year", "--fits", "1",
        "--iterations", "24", "--lr", "1e9", "--hidden", "8", "--out", fits.toString(), "--overwrite", "--master",
        "local[1]");
    assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
    assertThat(failed.err()).contains("all 1 fit failed (the first: ").contains("; no output written; " + fits
        + " keeps its earlier contents");
    assertThat(Files.readAllBytes(fits.resolve("model.json"))).isEqualTo(model);
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".fits."));
    }
  }

  @Test
  void everyReportLineOnStderrHasTheCommandsPrefix() throws Exception {
    SparkRun solved = SparkRun.of(solve(dir.resolve("ens")));
    assertThat(solved.exit()).as(solved.err()).isZero();
    assertThat(solved.out()).isEmpty();
    assertThat(solved.err().lines()).allSatisfy(l -> assertThat(l).startsWith("neuralode spark ensemble-solve: "));
    assertThat(reportLines(solved.err())).hasSize(3);
    assertThat(solved.err()).contains("neuralode spark ensemble-solve: solving 2 rows of ");
    assertThat(solved.err()).contains("neuralode spark ensemble-solve: 2 rows: 2 solved, 0 failed, ")
        .contains("neuralode spark ensemble-solve: columns x_0 .. v_10: the state at the i-th time");

    Path density = dir.resolve("density");
    SparkRun d = SparkRun.of("density", "--toy", "moons", "--rows", "200", "--out", density.toString(), "--iterations", "2",
        "--batch", "100", "--hidden", "4", "--master", "local[1]");
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).isEmpty();
    assertThat(d.err().lines().toList()).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(l -> assertThat(l).startsWith("neuralode spark density: "));
    assertThat(d.err()).contains("neuralode spark density: training a CNF on 200 rows")
        .contains("neuralode spark density: 200 rows, ");

    Path points = Files.writeString(dir.resolve("points.csv"), "x,y\n0,0\n1,1\n");
    SparkRun l = SparkRun.of("logp", "--model", density.resolve("model.json").toString(), "--data", points.toString(), "--out",
        dir.resolve("scores").toString(), "--master", "local[1]");
    assertThat(l.exit()).as(l.err()).isZero();
    assertThat(l.out()).isEmpty();
    assertThat(l.err().lines()).allSatisfy(line -> assertThat(line).startsWith("neuralode spark logp: "));
    assertThat(reportLines(l.err())).hasSize(2);
    assertThat(reportLines(l.err()).get(0)).startsWith("neuralode spark logp: scoring 2 rows of " + points + " on local[1] in 1 partition");
    assertThat(reportLines(l.err()).get(1)).startsWith("neuralode spark logp: 2 rows: 2 scored, 0 failed, ");
  }

  /** A command's stderr lines without its progress lines (printed every 5 s of a job, if it runs so long). */
  static List<String> reportLines(String err) {
    return err.lines().filter(l -> !l.matches("neuralode spark [a-z-]+: \\d+/\\d+ (rows solved|rows scored|fits done) "
        + "\\(.*")).toList();
  }
}
