package dev.neuralode.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs every benchmark of issue 9's targets table (P1–P7) with its peers and writes
 * {@code RESULTS.md} and {@code results.json}. {@code bench/run} builds the module and calls it;
 * see {@code bench/README.md}.
 *
 * <p>Options: {@code --quick} (about a second per workload: a smoke check), {@code --only
 * P1,P3,...}, {@code --bench-dir DIR} (where the results go; default {@code .}), {@code --cli-jar
 * JAR} (the shaded CLI jar, for P4 and P6), {@code --baseline-jar JAR} and {@code --baseline-ref REF}
 * (P4's "main today"), {@code --shared DIR} ({@code ../shared}), {@code --python EXE}, {@code
 * --commit SHA}, {@code --machine TEXT}, {@code --cli-jvm "OPTS"} (JVM options for CLI runs, as the
 * launcher's {@code NEURALODE_JAVA_OPTS}).
 */
public final class Harness {
  private static final List<String> ORDER = List.of("P1", "P2-", "P2b", "P3", "P4", "P5", "P6", "P7");

  private Harness() {}

  /**
   * Runs the benchmarks.
   *
   * @param args the options above
   * @throws Exception if the results cannot be written (a failing workload becomes a "failed" row)
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opt.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'; see bench/README.md");
      }
    }
    Set<String> only = new TreeSet<>(Arrays.asList(opt.getOrDefault("only", "P1,P2,P3,P4,P5,P6,P7").split(",")));
    Path benchDir = Path.of(opt.getOrDefault("bench-dir", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("neuralode-bench");
    long start = System.nanoTime();
    final boolean q = quick;
    java.util.function.Consumer<String> progress = msg -> System.err.printf("[bench %5.0fs] %s%n",
        (System.nanoTime() - start) / 1e9, msg);

    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("mode", quick ? "quick" : "full");
    meta.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    meta.put("commit", opt.getOrDefault("commit", "unknown"));
    meta.put("machine", opt.getOrDefault("machine", "unknown") + "; " + Runtime.getRuntime().availableProcessors()
        + " processors available to the JVM");
    meta.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    meta.put("baseline (P4)", opt.getOrDefault("baseline-ref", "none"));
    List<String> cliJvm = opt.containsKey("cli-jvm") && !opt.get("cli-jvm").isBlank()
        ? List.of(opt.get("cli-jvm").trim().split("\\s+")) : List.of();

    List<Row> rows = new ArrayList<>();
    JmhSection jmh = new JmhSection(quick);
    List<String> classes = new ArrayList<>();
    if (only.contains("P2") || only.contains("P2b")) {
      classes.add("SolveBench");
    }
    if (only.contains("P3")) {
      classes.add("KernelBench");
    }
    if (only.contains("P7")) {
      classes.add("GradientBench");
    }
    if (!classes.isEmpty()) {
      try {
        jmh.run(classes, List.of("--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true"), progress);
        if (classes.contains("SolveBench")) {
          rows.addAll(jmh.solveRows());
        }
        if (classes.contains("KernelBench")) {
          rows.addAll(jmh.kernelRows());
        }
        if (classes.contains("GradientBench")) {
          rows.addAll(jmh.gradientRows());
        }
      } catch (Exception | LinkageError e) {
        rows.add(Row.failed("P2/P3/P7", "JMH benchmarks " + classes, "", String.valueOf(e)));
      }
      write(benchDir, rows, meta, start);
    }
    ProcessSections procs = new ProcessSections(q, benchDir, work, progress);
    if (only.contains("P1")) {
      try {
        rows.addAll(procs.p1(opt.getOrDefault("python", "python3")));
      } catch (Exception e) {
        rows.add(Row.failed("P1", "tutorial nonlinear loop", "≥ 50× DJL, ≥ 17× numpy", String.valueOf(e)));
      }
      write(benchDir, rows, meta, start);
    }
    Path cliJar = opt.containsKey("cli-jar") ? Path.of(opt.get("cli-jar")).toAbsolutePath() : null;
    if (only.contains("P4")) {
      try {
        if (cliJar == null) {
          throw new IllegalArgumentException("--cli-jar is needed for P4");
        }
        Path baseline = opt.containsKey("baseline-jar") ? Path.of(opt.get("baseline-jar")).toAbsolutePath() : null;
        double limit = rows.stream().filter(r -> r.id().equals("P3-matmul-512x64x64")).mapToDouble(Row::peer)
            .findFirst().orElse(Double.NaN); // NaN unless P3 ran in this run
        rows.addAll(procs.p4(cliJar, baseline, opt.getOrDefault("baseline-ref", "none"),
            Path.of(opt.getOrDefault("shared", "../../shared")).toAbsolutePath(), cliJvm, limit));
      } catch (Exception e) {
        rows.add(Row.failed("P4", "density per iteration", "≥ 10× main before issue 9", String.valueOf(e)));
      }
      write(benchDir, rows, meta, start);
    }
    if (only.contains("P5")) {
      try {
        rows.addAll(procs.p5());
      } catch (Exception e) {
        rows.add(Row.failed("P5", "backsolve memory", "flat", String.valueOf(e)));
      }
      write(benchDir, rows, meta, start);
    }
    if (only.contains("P6")) {
      try {
        if (cliJar == null) {
          throw new IllegalArgumentException("--cli-jar is needed for P6");
        }
        rows.addAll(procs.p6(cliJar, cliJvm));
      } catch (Exception e) {
        rows.add(Row.failed("P6", "CLI start-up", "report", String.valueOf(e)));
      }
      write(benchDir, rows, meta, start);
    }
    deleteTree(work);
    progress.accept("done: " + benchDir.resolve("RESULTS.md"));
    System.out.print(Report.markdown(sorted(rows), meta));
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> s = new ArrayList<>(rows);
    s.sort(Comparator.comparingInt(r -> {
      for (int i = ORDER.size() - 1; i >= 0; i--) {
        if (r.id().startsWith(ORDER.get(i))) {
          return i;
        }
      }
      return ORDER.size();
    }));
    return s;
  }

  private static void write(Path dir, List<Row> rows, Map<String, String> meta, long start) throws java.io.IOException {
    meta.put("total seconds", String.format("%.0f", (System.nanoTime() - start) / 1e9));
    List<Row> s = sorted(rows);
    Report.write(dir.resolve("RESULTS.md"), Report.markdown(s, meta));
    Report.write(dir.resolve("results.json"), Report.json(s, meta));
  }
}
