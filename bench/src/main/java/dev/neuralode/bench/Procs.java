package dev.neuralode.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs whole processes for the benchmarks: their wall time, their output, their RESULT line. */
final class Procs {
  private Procs() {}

  /** A finished process: exit code, wall seconds and its standard output. */
  record Done(int exit, double seconds, String stdout, String stderr) {
    /** The JSON after {@code RESULT } on the last such line, or fails. */
    String result() {
      String r = null;
      for (String line : stdout.split("\n")) {
        if (line.startsWith("RESULT ")) {
          r = line.substring(7).trim();
        }
      }
      if (r == null || exit != 0) {
        throw new IllegalStateException("exit " + exit + ", no RESULT line; stderr: " + tail(stderr));
      }
      return r;
    }

    /** Fails unless the exit code is 0. */
    Done ok() {
      if (exit != 0) {
        throw new IllegalStateException("exit " + exit + "; stderr: " + tail(stderr));
      }
      return this;
    }
  }

  static String tail(String s) {
    String t = s.strip();
    return t.length() > 400 ? "..." + t.substring(t.length() - 400) : t;
  }

  /**
   * Runs a command to completion (or kills it after the timeout).
   *
   * @param cmd the command
   * @param dir the working directory
   * @param timeoutSeconds the limit
   * @return what it did
   */
  static Done run(List<String> cmd, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Path out = Files.createTempFile("bench-out", ".txt");
    Path err = Files.createTempFile("bench-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS"); // its "Picked up" banner would land in every output
    long start = System.nanoTime();
    Process p = pb.start();
    boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!finished) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
    }
    Done d = new Done(p.exitValue(), seconds, Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return d;
  }

  /** The java executable of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A java command running a main class of this module on this JVM's class path. */
  static List<String> javaMain(List<String> jvm, String main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A number field of a flat JSON object. */
  static double num(String json, String key) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*([-+0-9.eEInfinityNa]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no number '" + key + "' in " + json);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The median of the values (the mean of the middle two for an even count). */
  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
