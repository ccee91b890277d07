package dev.neuralode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmarks that run whole processes: P1 (training loops, each implementation in its own
 * process, alternated), P4 ({@code density} with the current and a baseline CLI jar, alternated),
 * P5 (retained memory, one process per point) and P6 (CLI start-up with and without a CDS
 * archive).
 */
final class ProcessSections {
  private final boolean quick;
  private final Path work;
  private final Consumer<String> progress;
  private final Path benchDir;

  ProcessSections(boolean quick, Path benchDir, Path work, Consumer<String> progress) {
    this.quick = quick;
    this.benchDir = benchDir;
    this.work = work;
    this.progress = progress;
  }

  /**
   * The collector the {@code neuralode} launcher starts the local commands with; the Java processes
   * here (ours, DJL and the CLI runs) use it too.
   */
  static final String LAUNCHER_GC = "-XX:+UseParallelGC";

  /** P1: the tutorial's nonlinear loop; ours (adjoint, direct), DJL + PyTorch and numpy. */
  List<Row> p1(String python) throws IOException, InterruptedException {
    int iterations = quick ? 30 : 3000;
    int reps = quick ? 1 : 3;
    Path data = work.resolve("tutorial.txt");
    Tutorial tutorial = Tutorial.create(0, iterations);
    tutorial.write(data);
    String[] impls = {"ours-adjoint", "ours-direct", "djl", "numpy"};
    Map<String, List<Double>> perStep = new LinkedHashMap<>();
    Map<String, List<Double>> latePerStep = new LinkedHashMap<>();
    int lateFrom = 0;
    Map<String, Double> loss = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (String i : impls) {
      perStep.put(i, new ArrayList<>());
      latePerStep.put(i, new ArrayList<>());
    }
    for (int rep = 0; rep < reps; rep++) {
      for (String impl : impls) {
        if (failures.containsKey(impl)) {
          continue;
        }
        progress.accept("P1 " + impl + " rep " + (rep + 1) + "/" + reps + " (" + iterations + " iterations)");
        List<String> cmd = impl.equals("numpy")
            ? List.of(python, benchDir.resolve("src/main/python/nonlinear_numpy.py").toString(),
                data.toString(), String.valueOf(iterations))
            : Procs.javaMain(List.of("-Dai.djl.offline=true", "-Djava.awt.headless=true", LAUNCHER_GC),
                NonlinearLoop.class.getName(), impl, String.valueOf(iterations));
        try {
          String r = Procs.run(cmd, work, quick ? 300 : 900).result();
          perStep.get(impl).add(Procs.num(r, "seconds") / Procs.num(r, "steps") * 1e6);
          if (!impl.equals("numpy")) {
            latePerStep.get(impl).add(Procs.num(r, "late_seconds") / Procs.num(r, "late_steps") * 1e6);
            lateFrom = (int) Procs.num(r, "late_from");
          }
          loss.put(impl, Procs.num(r, "final_loss"));
        } catch (RuntimeException e) {
          failures.put(impl, e.getMessage());
        }
      }
    }
    String agree = lossCheck(loss);
    List<Row> rows = new ArrayList<>();
    for (String ours : new String[] {"ours-adjoint", "ours-direct"}) {
      for (String[] peer : new String[][] {{"djl", "DJL 0.36 + PyTorch 2.7.1 (float64)", "50"},
          {"numpy", "numpy float64 (hand-written backprop)", "17"}}) {
        double o = Procs.median(perStep.get(ours));
        double p = Procs.median(perStep.get(peer[0]));
        double min = Double.parseDouble(peer[2]);
        String note = rows.isEmpty() ? "median of " + reps + " processes each, " + iterations
            + " iterations (" + tutorial.totalSteps() + " Euler steps), loop time"
            + " without JVM start-up; the Java processes (ours and DJL) with the launcher's " + LAUNCHER_GC
            + "; " + agree : "as P1-adjoint-djl";
        if (failures.containsKey(ours) || failures.containsKey(peer[0])) {
          note = "failed: " + failures.getOrDefault(ours, "") + " " + failures.getOrDefault(peer[0], "");
        }
        rows.add(new Row("P1-" + ours.substring(5) + "-" + peer[0],
            "tutorial nonlinear loop, " + ours.substring(5) + " gradient, per Euler step (forward + backward)",
            o, p, "µs/step", peer[1], p / o, "≥ " + peer[2] + "× " + peer[0], Row.atLeast(p / o, min), note));
      }
    }
    // the same processes' last two thirds: the cost per step once the JIT has compiled the loop, against
    // DJL's over the same iterations (numpy has no JIT to warm up)
    for (String ours : new String[] {"ours-adjoint", "ours-direct"}) {
      String mode = ours.substring(5);
      if (failures.containsKey(ours) || failures.containsKey("djl")) {
        rows.add(Row.failed("P1-" + mode + "-late-djl", "the same loop after a third of its iterations",
            "report", failures.getOrDefault(ours, "") + " " + failures.getOrDefault("djl", "")));
        continue;
      }
      double o = Procs.median(latePerStep.get(ours));
      double p = Procs.median(latePerStep.get("djl"));
      rows.add(new Row("P1-" + mode + "-late-djl", "the same loop, " + mode + " gradient, iterations "
          + (lateFrom + 1) + "–" + iterations + " only (the JIT has compiled the loop), per Euler step", o, p,
          "µs/step", "DJL 0.36 + PyTorch 2.7.1 (float64), the same iterations", p / o, "report", "report",
          String.format("the whole loop's first %d iterations cost %.0f%% of its time (ours, median)",
              lateFrom, 100 * (1 - o * lateSteps(tutorial, lateFrom) / (Procs.median(perStep.get(ours))
                  * tutorial.totalSteps())))));
    }
    return rows;
  }

  /** The Euler steps of iterations lateFrom.. of the loop P1 runs. */
  private static long lateSteps(Tutorial data, int lateFrom) {
    long n = 0;
    for (int i = lateFrom; i < data.windows().length; i++) {
      n += data.steps(i);
    }
    return n;
  }

  /** Direct, DJL and numpy take the same steps in float64: their final losses must agree. */
  static String lossCheck(Map<String, Double> loss) {
    Double ref = loss.get("ours-direct");
    if (ref == null) {
      return "final losses not compared (ours-direct did not run)";
    }
    StringBuilder sb = new StringBuilder("final loss ours-direct " + ref);
    boolean ok = true;
    for (String peer : new String[] {"djl", "numpy"}) {
      Double v = loss.get(peer);
      if (v != null) {
        sb.append(", ").append(peer).append(' ').append(v);
        ok &= Math.abs(v - ref) <= 1e-9 * Math.abs(ref);
      }
    }
    if (loss.containsKey("ours-adjoint")) {
      sb.append(", ours-adjoint ").append(loss.get("ours-adjoint"));
    }
    return sb.append(ok ? " (direct, DJL, numpy agree to 1e-9)" : " (LOSSES DISAGREE: check the peers)").toString();
  }

  /**
   * P4: {@code density} per iteration with the current jar and the baseline jar, alternated. The time
   * per iteration comes from the CLI's own progress lines (stderr, not a terminal): "iteration i/N
   * ..., X s elapsed" after the first iteration and after the last, so start-up, data loading and
   * the final evaluation (plots, samples, test NLL) do not count, nor does the first iteration's
   * warm-up: (X_last − X_first) / (N − 1).
   */
  List<Row> p4(Path cliJar, Path baselineJar, String baselineRef, Path shared, List<String> cliJvm, double limit)
      throws IOException, InterruptedException {
    List<Row> rows = new ArrayList<>();
    String[][] sets = {
        {"pinwheel", "density --toy pinwheel", "--toy", "pinwheel"},
        {"faithful", "density on Old Faithful (eruptions, waiting)", "--data",
            shared.resolve("data/old_faithful.csv").toString(), "--columns", "eruptions,waiting"}};
    int reps = quick ? 1 : 3;
    for (String[] set : sets) {
      int n = quick ? 3 : set[0].equals("pinwheel") ? 11 : 21;
      Map<String, List<Double>> per = new LinkedHashMap<>();
      Map<String, String> nfe = new LinkedHashMap<>();
      List<Double> multiplyAdds = new ArrayList<>();
      Map<String, Path> jars = new LinkedHashMap<>();
      if (baselineJar != null) {
        jars.put("baseline", baselineJar);
      }
      jars.put("ours", cliJar);
      for (String j : jars.keySet()) {
        per.put(j, new ArrayList<>());
      }
      String failure = null;
      outer:
      for (int rep = 0; rep < reps; rep++) {
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
          progress.accept("P4 " + set[0] + " " + jar.getKey() + " rep " + (rep + 1) + "/" + reps + " (" + n
              + " iterations)");
          List<String> args = new ArrayList<>(List.of("density"));
          args.addAll(Arrays.asList(set).subList(2, set.length));
          args.addAll(List.of("--iterations", String.valueOf(n), "--grid", "10", "--count", "10",
              "--overwrite", "--out", work.resolve("p4-" + jar.getKey()).toString()));
          try {
            Procs.Done d = Procs.run(cliCmd(jar.getValue(), cliJvm, List.of(), args), work, 1800).ok();
            double[] first = null;
            double[] last = null;
            Matcher m = PROGRESS.matcher(d.stderr());
            while (m.find()) {
              double[] point = {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3))};
              if (first == null) {
                first = point;
              }
              last = point;
              if (m.group(2) != null) {
                nfe.put(jar.getKey(), m.group(2));
              }
            }
            if (first == null || last[0] <= first[0]) {
              throw new IllegalStateException("no progress lines 'iteration i/N ..., X s elapsed' on stderr: "
                  + Procs.tail(d.stderr()));
            }
            per.get(jar.getKey()).add((last[1] - first[1]) / (last[0] - first[0]));
            if (jar.getKey().equals("ours")) {
              Path summary = work.resolve("p4-ours").resolve("summary.json");
              Matcher mm = MULTIPLY_ADDS.matcher(Files.readString(summary));
              if (!mm.find()) {
                throw new IllegalStateException("no training_multiply_adds in " + summary + " (written by "
                    + jar.getValue() + ")");
              }
              multiplyAdds.add(Double.parseDouble(mm.group(1)));
            }
          } catch (RuntimeException e) {
            failure = jar.getKey() + ": " + e.getMessage();
            break outer;
          }
        }
      }
      String target = set[0].equals("pinwheel")
          ? "≥ 10× main before issue 9 (0.9–1.15 s/iteration)" : "≥ 10× main before issue 9";
      if (failure != null) {
        rows.add(Row.failed("P4-" + set[0], set[1] + ", per iteration", target, failure));
        continue;
      }
      double o = Procs.median(per.get("ours"));
      double b = baselineJar == null ? Double.NaN : Procs.median(per.get("baseline"));
      String note = "whole CLI runs of " + n + " iterations, time per iteration from the CLI's progress lines"
          + " (iterations 2.." + n + "; start-up and evaluation excluded), median of " + reps
          + ", jars alternated; last iteration's " + nfe.entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
      if (baselineJar == null) {
        note += "; no baseline: run bench/run --baseline COMMIT";
      }
      rows.add(new Row("P4-" + set[0], set[1] + ", per iteration", o, b, "s/iteration",
          baselineJar == null ? "none" : "main at " + baselineRef, b / o, target, Row.atLeast(b / o, 10.0), note));
      // useful work: the matrix products' FLOPs (2 per multiply-add) per training iteration, the mean
      // over the run's n iterations, against the time per iteration above; the CLI runs on all cores
      // (its default --threads), so the limit is P3's one-thread kernel times the cores
      int cores = Runtime.getRuntime().availableProcessors();
      double gflops = 2 * Procs.median(multiplyAdds) / n / o / 1e9;
      rows.add(new Row("P4-" + set[0] + "-gflops", set[1] + ", useful GFLOP/s (matrix products)", gflops,
          cores * limit, "GFLOP/s", "P3's limit: the Vector API kernel on [512,64]×[64,64] × " + cores + " cores",
          gflops / (cores * limit), "report", "report",
          String.format("%.1f MFLOP of matrix products per iteration (summary.json's training_multiply_adds × 2,"
              + " averaged over all %d iterations) in %.3f s per iteration (iterations 2..%d), on %d threads;"
              + " the rest of the time is elementwise work, the solver and the trace",
              2 * Procs.median(multiplyAdds) / n / 1e6, n, o, n, cores)));
    }
    return rows;
  }

  static final Pattern MULTIPLY_ADDS = Pattern.compile("\"training_multiply_adds\"\\s*:\\s*([0-9]+)");

  static final Pattern PROGRESS = Pattern.compile(
      "iteration (\\d+)/\\d+[^\\n]*?(?:(nfe [0-9/.]+)[^\\n]*?)?([0-9.]+) s elapsed");

  /** P5: retained memory of the backsolve adjoint (and of direct backpropagation) for 100 → 10,000 steps. */
  List<Row> p5() throws IOException, InterruptedException {
    int[] steps = {100, 1000, 10000};
    Map<String, double[]> bytes = new LinkedHashMap<>();
    for (String mode : new String[] {"backsolve", "direct"}) {
      double[] b = new double[steps.length];
      for (int i = 0; i < steps.length; i++) {
        progress.accept("P5 " + mode + " " + steps[i] + " steps");
        String r = Procs.run(Procs.javaMain(List.of("-XX:+UseSerialGC", "-Xmx2g"),
            BacksolveMemory.class.getName(), mode, String.valueOf(steps[i])), work, 600).result();
        b[i] = Procs.num(r, "retained_bytes");
      }
      bytes.put(mode, b);
    }
    double[] bs = bytes.get("backsolve");
    double[] dr = bytes.get("direct");
    double perStep = (bs[2] - bs[0]) / (steps[2] - steps[0]);
    double directPerStep = (dr[2] - dr[0]) / (steps[2] - steps[0]);
    String note = String.format("retained heap after the forward solve: backsolve %.0f / %.0f / %.0f B,"
        + " direct %.0f / %.0f / %.0f B at 100 / 1,000 / 10,000 Euler steps (MLP 2-16-16-2)",
        bs[0], bs[1], bs[2], dr[0], dr[1], dr[2]);
    return List.of(new Row("P5", "memory kept by the backsolve adjoint, 100 → 10,000 steps", perStep,
        directPerStep, "B/step", "direct backpropagation", Double.NaN, "flat (< 8 B per step)",
        Math.abs(perStep) < 8 ? "yes" : "no", note));
  }

  /** P6: start-up of a one-line {@code solve}: -Xshare:off, the JDK's default CDS, an application CDS archive. */
  List<Row> p6(Path cliJar, List<String> cliJvm) throws IOException, InterruptedException {
    List<String> solve = List.of("solve", "--vars", "x", "--rhs", "-x", "--y0", "1", "--t", "0:1:11");
    Path jsa = work.resolve("neuralode-cli.jsa");
    Files.deleteIfExists(jsa);
    progress.accept("P6 creating the CDS archive");
    Procs.run(cliCmd(cliJar, cliJvm, List.of("-XX:ArchiveClassesAtExit=" + jsa), solve), work, 300).ok();
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("off", List.of("-Xshare:off"));
    variants.put("default", List.of());
    variants.put("appcds", List.of("-XX:SharedArchiveFile=" + jsa));
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    for (String v : variants.keySet()) {
      ms.put(v, new ArrayList<>());
    }
    int reps = quick ? 2 : 10;
    for (int rep = 0; rep < reps; rep++) {
      progress.accept("P6 start-up rep " + (rep + 1) + "/" + reps);
      for (Map.Entry<String, List<String>> v : variants.entrySet()) {
        ms.get(v.getKey()).add(Procs.run(cliCmd(cliJar, cliJvm, v.getValue(), solve), work, 300).ok().seconds() * 1e3);
      }
    }
    double off = Procs.median(ms.get("off"));
    double def = Procs.median(ms.get("default"));
    double app = Procs.median(ms.get("appcds"));
    String note = "`neuralode solve --vars x --rhs -x --y0 1 --t 0:1:11`, java -jar, wall ms, median of " + reps
        + String.format(" alternated; -Xshare:off %.0f ms", off);
    return List.of(
        new Row("P6-appcds", "CLI start-up, one-line solve, with an application CDS archive", app, def, "ms",
            "the JDK's default CDS", def / app, "report", "report", note + "; archive: -XX:ArchiveClassesAtExit"),
        new Row("P6-default", "CLI start-up, one-line solve, the JDK's default CDS", def, off, "ms",
            "-Xshare:off", off / def, "report", "report", note));
  }

  private static List<String> cliCmd(Path jar, List<String> cliJvm, List<String> extra, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Procs.java());
    cmd.add("-Djava.awt.headless=true");
    if (cliJvm.stream().noneMatch(o -> o.matches("-XX:\\+Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC"))) {
      cmd.add(LAUNCHER_GC); // as the launcher starts the CLI
    }
    cmd.addAll(cliJvm);
    cmd.addAll(extra);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    return cmd;
  }
}
