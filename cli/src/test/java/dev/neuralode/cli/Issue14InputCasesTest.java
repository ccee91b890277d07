package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases of issue 14's "Why" about inputs, one test each, named after the case, with the exit
 * status and message they now get: silent wrong answers become refusals, crashes become one line,
 * hangs end.
 */
class Issue14InputCasesTest {

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(Issue14InputCasesTest.class.getResource("/dev/neuralode/io/" + name).toURI());
  }

  private Path faithful(String header, String... rows) throws IOException {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (String r : rows) {
      sb.append(r).append('\n');
    }
    return Files.writeString(dir.resolve("data" + System.nanoTime() + ".csv"), sb.toString());
  }

  private static void oneLine(CliRun run, int exit, String message) {
    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    assertThat(run.errLines()).as(run.err()).hasSize(1);
    assertThat(run.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static final String[] ROWS = {"3.6,79", "1.8,54", "3.333,74", "2.283,62", "4.533,85",
      "2.883,55"};

  // ---- Silent wrong answers ----

  @Test
  void logpColumnsWaitingEruptionsOnAModelOfEruptionsWaitingGiveTheSameLogP() throws Exception {
    Path data = faithful("eruptions,waiting", ROWS);
    String model = fixture("cnf-v1.json").toString();
    CliRun byDefault = CliRun.of(new LogpCommand(), "--model", model, "--data", data.toString());
    CliRun swapped = CliRun.of(new LogpCommand(), "--model", model, "--data", data.toString(),
        "--columns", "waiting,eruptions");
    assertThat(byDefault.exit()).as(byDefault.err()).isZero();
    assertThat(swapped.exit()).as(swapped.err()).isZero();
    // the same log p; the output's columns follow --columns, as predict's do
    List<String> a = byDefault.out().lines().toList();
    List<String> b = swapped.out().lines().toList();
    assertThat(a.get(0)).isEqualTo("eruptions,waiting,log_p");
    assertThat(b.get(0)).isEqualTo("waiting,eruptions,log_p");
    assertThat(b).hasSameSizeAs(a);
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      assertThat(b.get(i)).isEqualTo(x[1] + "," + x[0] + "," + x[2]);
    }
    Path reordered = faithful("waiting,eruptions", "79,3.6", "54,1.8", "74,3.333", "62,2.283",
        "85,4.533", "55,2.883");
    CliRun fileOrder = CliRun.of(new LogpCommand(), "--model", model, "--data",
        reordered.toString());
    assertThat(fileOrder.out()).isEqualTo(byDefault.out());
  }

  @Test
  void logpColumnsEruptionsEruptionsIsRefused() throws Exception {
    Path data = faithful("eruptions,waiting", ROWS);
    oneLine(CliRun.of(new LogpCommand(), "--model", fixture("cnf-v1.json").toString(), "--data",
        data.toString(), "--columns", "eruptions,eruptions"), 2,
        "logp: --columns names column 'eruptions' twice; give the model's columns"
            + " eruptions,waiting once each, in any order");
  }

  @Test
  void logpColumnsOtherThanTheModelsAreRefusedWithTheExpectedNames() throws Exception {
    Path data = faithful("a,b", ROWS);
    oneLine(CliRun.of(new LogpCommand(), "--model", fixture("cnf-v1.json").toString(), "--data",
        data.toString(), "--columns", "a,b"), 2,
        "--columns names column 'a' but the model was trained on eruptions,waiting; give these"
            + " names, in any order");
  }

  @Test
  void predictColumnsInAnyOrderReorderY0AndTheOutput() throws Exception {
    String model = fixture("ode-mlp-v1.json").toString();
    CliRun plain = CliRun.of(new PredictCommand(), "--model", model, "--t0", "1900", "--t1",
        "1901", "--points", "3", "--y0", "30,4");
    CliRun swapped = CliRun.of(new PredictCommand(), "--model", model, "--t0", "1900", "--t1",
        "1901", "--points", "3", "--y0", "4,30", "--columns", "lynx,hare");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(swapped.exit()).as(swapped.err()).isZero();
    List<String> a = plain.out().lines().toList();
    List<String> b = swapped.out().lines().toList();
    assertThat(b.get(0)).isEqualTo("year,lynx,hare");
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      assertThat(b.get(i)).isEqualTo(x[0] + "," + x[2] + "," + x[1]);
    }
    oneLine(CliRun.of(new PredictCommand(), "--model", model, "--t0", "0", "--t1", "1",
        "--columns", "hare,wolf"), 2, "the model was trained on hare,lynx");
  }

  @Test
  void densityConstantColumnIsRefused() throws IOException {
    Path data = faithful("x,c", "1,0.1", "2,0.1", "3,0.1", "4,0.1", "5,0.1", "6,0.1");
    oneLine(CliRun.of(new DensityCommand(), "--data", data.toString(), "--out",
        dir.resolve("o").toString(), "--quiet"), 2,
        "column 'c' is constant or nearly constant (values from 0.1 to 0.1), so it cannot be"
            + " standardised; leave it out with --columns");
  }

  @Test
  void densityColumnSelectedTwiceIsRefused() throws IOException {
    Path data = faithful("eruptions,waiting", ROWS);
    oneLine(CliRun.of(new DensityCommand(), "--data", data.toString(), "--columns",
        "eruptions,eruptions", "--out", dir.resolve("o").toString(), "--quiet"), 2,
        "line 1: column 'eruptions' is selected twice; name each column once");
  }

  @Test
  void densityDuplicatedHeaderNameIsRefused() throws IOException {
    Path data = faithful("x,x", ROWS);
    oneLine(CliRun.of(new DensityCommand(), "--data", data.toString(), "--out",
        dir.resolve("o").toString(), "--quiet"), 2,
        "line 1: the header names column 'x' twice; give each column a distinct name");
  }

  @Test
  void densityHexNumber0x1p1IsRefusedAsFitRefusesIt() throws IOException {
    Path data = faithful("x,y", "0x1p1,1", "2,3", "3,1", "4,5", "5,2", "6,0");
    oneLine(CliRun.of(new DensityCommand(), "--data", data.toString(), "--out",
        dir.resolve("o").toString(), "--quiet"), 2,
        "line 2: column 'x' value '0x1p1' is not a number; use a plain decimal such as 12.5");
    Path series = faithful("t,x,y", "0,0x1p1,1", "1,2,3", "2,3,1", "3,4,5");
    oneLine(CliRun.of(new FitCommand(), "--data", series.toString(), "--out",
        dir.resolve("f").toString(), "--quiet"), 2,
        "line 2: column 'x' value '0x1p1' is not a number; use a plain decimal such as 12.5");
  }

  @Test
  void densityNumberWithDSuffix2dIsRefused() throws IOException {
    Path data = faithful("x,y", "1,1", "2d,3", "3,1", "4,5", "5,2", "6,0");
    oneLine(CliRun.of(new DensityCommand(), "--data", data.toString(), "--out",
        dir.resolve("o").toString(), "--quiet"), 2,
        "line 3: column 'x' value '2d' is not a number");
    Path f = faithful("x,y", "1,1", "2f,3", "3,1", "4,5", "5,2", "6,0");
    oneLine(CliRun.of(new DensityCommand(), "--data", f.toString(), "--out",
        dir.resolve("o").toString(), "--quiet"), 2, "value '2f' is not a number");
  }

  /** Found by FuzzTest, not in the issue's list. */
  @Test
  void fuzzFoundUnbalancedQuoteInColumnsIsAPlainCharacterNotASilentlyDroppedRest()
      throws IOException {
    Path series = faithful("t,hare,lynx", "0,1,1", "1,2,3", "2,3,1", "3,4,5");
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
    CliRun run;
    try {
      System.setErr(new java.io.PrintStream(stray, true, StandardCharsets.UTF_8));
      run = CliRun.of(new FitCommand(), "--data", series.toString(), "--columns", "hare,\"lynx",
          "--out", dir.resolve("f").toString(), "--quiet");
    } finally {
      System.setErr(saved);
    }
    assertThat(stray.toString(StandardCharsets.UTF_8)).isEmpty();
    oneLine(run, 2, "no column '\"lynx' in the header; available columns: t, hare, lynx");
  }

  @Test
  void optionsTakeDecimalsOnlyToo() {
    oneLine(CliRun.of(new SampleCommand(), "--model", "m.json", "--seed", "1", "-n", "0x10"), 2,
        "sample:");
    oneLine(CliRun.of(new PredictCommand(), "--model", "m.json", "--t0", "0x1p1", "--t1", "3"), 2,
        "'0x1p1' is not a number; give a plain decimal");
  }

  private Path modelWith(String name, String from, String to) throws Exception {
    String text = Files.readString(fixture("cnf-v1.json"));
    assertThat(text).contains(from);
    return Files.writeString(dir.resolve(name), text.replace(from, to));
  }

  private CliRun sampleFrom(Path model) {
    return CliRun.of(new SampleCommand(), "--model", model.toString(), "-n", "3");
  }

  @Test
  void modelJsonWithTrailingGarbageIsRefused() throws Exception {
    Path m = Files.writeString(dir.resolve("m.json"),
        Files.readString(fixture("cnf-v1.json")) + "garbage");
    oneLine(sampleFrom(m), 2, "m.json line ");
    assertThat(sampleFrom(m).err()).contains("is not valid JSON");
  }

  @Test
  void modelJsonWithDuplicateKeysIsRefused() throws Exception {
    Path m = modelWith("m.json", "\"end_time\" : 0.75,", "\"end_time\" : 0.75, \"end_time\" : 2,");
    oneLine(sampleFrom(m), 2, "key 'end_time' appears twice in one object; keep one");
  }

  @Test
  void modelJsonVersion1point9IsRefusedNotReadAs1() throws Exception {
    Path m = modelWith("m.json", "\"version\" : 1,", "\"version\" : 1.9,");
    oneLine(sampleFrom(m), 2, "m.json: does not match the CNF model file format: field 'version'"
        + " holds 1.9 where a whole number belongs; give a whole number");
    Path s = modelWith("s.json", "\"version\" : 1,", "\"version\" : \"1\",");
    oneLine(sampleFrom(s), 2, "does not match the CNF model file format: field 'version' holds the"
        + " text \"1\" where a whole number belongs; remove the quotes");
  }

  @Test
  void modelFileContainingNullIsRefusedWithTheFieldNamed() throws Exception {
    Path whole = Files.writeString(dir.resolve("null.json"), "null");
    oneLine(sampleFrom(whole), 2, "null.json: holds null; expected a JSON CNF model file object");
    Path field = modelWith("f.json", "\"end_time\" : 0.75,", "\"end_time\" : null,");
    oneLine(sampleFrom(field), 2, "f.json: field 'end_time' is null");
    Path element = modelWith("e.json", "\"columns\" : [ \"eruptions\", \"waiting\" ]",
        "\"columns\" : [ \"eruptions\", null ]");
    oneLine(sampleFrom(element), 2, "e.json: field 'columns[1]' is null");
    Path predict = Files.writeString(dir.resolve("p.json"), "null");
    oneLine(CliRun.of(new PredictCommand(), "--model", predict.toString(), "--t0", "0", "--t1",
        "1"), 2, "holds null");
  }

  @Test
  @Timeout(60)
  void modelFileOf200MegabytesIsRefusedBeforeParsing() throws Exception {
    Path big = dir.resolve("big.json");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(200L << 20);
    }
    long before = usedHeap();
    oneLine(sampleFrom(big), 2, "is 209715200 bytes, over the limit of 67108864 bytes (64 MiB)");
    assertThat(usedHeap() - before).isLessThan(64L << 20);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  // ---- Crashes with stack traces ----

  private static CliRun solveWith(String rhs, String... more) {
    String[] base = {"--vars", "x", "--rhs", rhs, "--y0", "1", "--t", "0:1:3"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRun.of(new SolveCommand(), all);
  }

  @Test
  void solveSumOf10000TermsWorks() {
    String sum = "0" + "+x*1e-4".repeat(10_000);
    CliRun run = solveWith(sum);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines().toList().get(3)).startsWith("1.0,2.718");
    CliRun event = solveWith("x", "--event", "x-2" + "+0*x".repeat(10_000));
    assertThat(event.exit()).as(event.err()).isZero();
  }

  @Test
  void eventSin1000tOver0To1000WarnsInsteadOfReportingSuccessSilently() {
    CliRun run = CliRun.of(new SolveCommand(), "--vars", "x", "--rhs", "0", "--y0", "1", "--t",
        "0,1000", "--event", "sin(1000*t)");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.errLines()).singleElement().asString().startsWith("solve: warning: an event"
        + " function changed sign in a quarter or more of 4096 samples of the step").contains(
        "limit the step size (max step) to see every crossing (see --max-step)");
  }

  @Test
  void solve2000NestedParenthesesIsRefusedWithTheDepthLimit() {
    String nested = "(".repeat(2000) + "x" + ")".repeat(2000);
    oneLine(solveWith(nested), 2, "nested more than 200 levels deep");
    oneLine(solveWith("x", "--event", nested), 2, "nested more than 200 levels deep");
    oneLine(solveWith("-".repeat(5000) + "x"), 2, "nested more than 200 levels deep");
    oneLine(solveWith("2^".repeat(5000) + "x"), 2, "nested more than 200 levels deep");
    oneLine(solveWith("sin(".repeat(3000) + "x" + ")".repeat(3000)), 2,
        "nested more than 200 levels deep");
  }

  @Test
  void sampleN10000000IsRefusedWithTheMemoryFigureWhenItDoesNotFit() throws Exception {
    Path model = dir.resolve("wide.json");
    dev.neuralode.flow.Cnf cnf = dev.neuralode.flow.Cnf.create(2, new int[] {64, 64, 64},
        dev.neuralode.nn.Activation.TANH, dev.neuralode.flow.Cnf.FlowSettings.defaults(),
        new dev.neuralode.tensor.Rng(1));
    dev.neuralode.io.CnfModelFile.of(dev.neuralode.model.CnfModel.from(List.of("a", "b"),
        new dev.neuralode.data.Standardizer(new double[] {0, 0}, new double[] {1, 1}), cnf))
        .save(model);
    // 10^7 samples through a 64-64-64 flow need about 61 GiB, more than a test JVM's heap.
    assertThat(SampleCommand.flowBytes(1e7, 2, new int[] {64, 64, 64}))
        .isGreaterThan(Runtime.getRuntime().maxMemory());
    CliRun run = CliRun.of(new SampleCommand(), "--model", model.toString(), "-n", "10000000",
        "--out", dir.resolve("s.csv").toString());
    oneLine(run, 2, "sample: -n 10000000 needs about 61.4 GiB of memory but the Java heap holds"
        + " at most");
    assertThat(run.err()).contains("lower -n and draw the samples in several runs");
    // the launcher's variable, and the plain jar's option (not JAVA_TOOL_OPTIONS), sized to the need
    // (77 GiB: the need plus a quarter), unless no heap on this machine could hold it
    String more = MemoryGuard.moreMemory(SampleCommand.flowBytes(1e7, 2, new int[] {64, 64, 64}));
    if (more != null) {
      assertThat(more).isEqualTo("NEURALODE_JAVA_OPTS=-Xmx77g ./neuralode ... with the launcher,"
          + " java -Xmx77g -jar ... with the jar");
      assertThat(run.err()).contains("give Java more memory: " + more);
    } else {
      assertThat(run.err()).contains("(no heap can help: that is more than this machine's")
          .doesNotContain("-Xmx");
    }
    assertThat(run.err()).doesNotContain("JAVA_TOOL");
  }

  @Test
  void theHeapAdviceScalesWithTheNeed() {
    // 3 GiB plus a quarter: 3.75, so -Xmx4g, on any machine with 4 GiB or more
    if (MemoryGuard.physicalMemory() >= (4L << 30)) {
      assertThat(MemoryGuard.moreMemory(3.0 * (1L << 30))).isEqualTo(
          "NEURALODE_JAVA_OPTS=-Xmx4g ./neuralode ... with the launcher, java -Xmx4g -jar ... with the jar");
    }
    assertThat(MemoryGuard.moreMemory(1e6)).contains("-Xmx1g");
    // 894 GiB (fit --hidden 100000,100000) needs a heap beyond this machine's memory: no -Xmx advice
    if (MemoryGuard.physicalMemory() > 0 && MemoryGuard.physicalMemory() < (1100L << 30)) {
      assertThat(MemoryGuard.moreMemory(894.1 * (1L << 30))).isNull();
    }
    assertThat(MemoryGuard.moreMemory(Double.POSITIVE_INFINITY)).isNull();
  }

  @Test
  void fitHidden30000x30000IsRefusedWithTheMemoryFigure() throws IOException {
    Path series = faithful("t,x,y", "0,1,1", "1,2,3", "2,3,1", "3,4,5");
    oneLine(CliRun.of(new FitCommand(), "--data", series.toString(), "--hidden", "30000,30000",
        "--out", dir.resolve("f").toString(), "--quiet"), 2,
        "fit: --hidden 30000,30000 needs about 80.5 GiB of memory but the Java heap holds at most");
  }

  @Test
  void densityBatch100000IsCheckedAgainstTheHeapBeforeTraining() throws IOException {
    Path data = faithful("eruptions,waiting", ROWS);
    oneLine(CliRun.of(new DensityCommand(), "--data", data.toString(), "--hidden", "20000,20000",
        "--batch", "100000", "--grid", "2", "--samples", "2", "--out", dir.resolve("o").toString(), "--quiet"), 2,
        "density: --batch 100000 (5 rows a step) needs about");
  }

  @Test
  void outOfMemoryAndStackOverflowBecomeOneLineAndStatusOne() {
    CliRun oom = CliRun.of(new Thrower(new OutOfMemoryError("Java heap space")));
    oneLine(oom, 1, "thrower: out of memory (the Java heap holds at most");
    CliRun soe = CliRun.of(new Thrower(new StackOverflowError()));
    oneLine(soe, 1, "thrower: the input is nested too deeply to process (stack overflow)");
  }

  /** A command that throws an error, to test the net under the guards. */
  @picocli.CommandLine.Command(name = "thrower")
  static final class Thrower implements java.util.concurrent.Callable<Integer> {
    private final Error error;

    Thrower(Error error) {
      this.error = error;
    }

    @Override
    public Integer call() {
      throw error;
    }
  }

  // ---- Hangs ----

  private Path fifo(String content) throws Exception {
    Path fifo = dir.resolve("fifo" + System.nanoTime());
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();
    Future<?> unused = pool.submit(() -> {
      try (Writer w = Files.newBufferedWriter(fifo, StandardCharsets.UTF_8)) {
        w.write(content);
      }
      return null;
    });
    return fifo;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void fitWithoutTimeReadsAFifoOnce() throws Exception {
    Path fifo = fifo("t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n");
    CliRun run = CliRun.of(new FitCommand(), "--data", fifo.toString(), "--iterations", "1",
        "--hidden", "4", "--out", dir.resolve("f").toString(), "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void densityWithoutColumnsReadsAFifoOnce() throws Exception {
    Path fifo = fifo("x,y\n" + String.join("\n", ROWS) + "\n");
    CliRun run = CliRun.of(new DensityCommand(), "--data", fifo.toString(), "--iterations", "1",
        "--hidden", "4", "--grid", "4", "--samples", "10", "--test-fraction", "0",
        "--out", dir.resolve("d").toString(), "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void densityHeaderOf200000ColumnsParsesInLinearTime() throws Exception {
    StringBuilder header = new StringBuilder();
    StringBuilder row = new StringBuilder();
    for (int j = 0; j < 200_000; j++) {
      header.append(j == 0 ? "" : ",").append("c").append(j);
      row.append(j == 0 ? "" : ",").append(j % 7);
    }
    StringBuilder file = new StringBuilder(header).append('\n');
    for (int i = 0; i < 5; i++) {
      file.append(row).append('\n');
    }
    Path wide = Files.writeString(dir.resolve("wide.csv"), file);
    long start = System.nanoTime();
    dev.neuralode.io.TableCsv.Table t = dev.neuralode.io.TableCsv.readTable(wide, null, 1);
    assertThat(t.names()).hasSize(200_000);
    assertThat(dev.neuralode.io.TableCsv.read(wide, List.of("c199999", "c3"), 1)[0])
        .containsExactly(199_999 % 7, 3);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
  }
}
