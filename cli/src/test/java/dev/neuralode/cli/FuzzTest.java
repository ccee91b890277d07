package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's fuzz suite: seeded, bounded random inputs for the CSV reader, the model reader and
 * the expression parser (mutations of valid inputs, random bytes, deep nesting, huge numbers),
 * run through the commands that read them. The only outcomes allowed: success, or exit status 1
 * or 2 with exactly one line on stderr and no stack trace. Each input that fails is reported
 * with its seed and case number so that it can be replayed.
 */
class FuzzTest {

  @TempDir Path dir;

  private static final String[] CSV_ROWS = {"eruptions,waiting", "3.6,79", "1.8,54", "3.333,74",
      "2.283,62", "4.533,85"};
  private static final String[] NASTY = {"", ",", "\"", "\"\"", "\n", "\r", "\r\n", "0x1p1", "2d",
      "1e999", "-1e-999", "NaN", "Infinity", "1" + "0".repeat(400), "\uFEFF", "\u0000", "é", ";",
      "  ", "eruptions", "waiting", "null", "{", "[", "9".repeat(30), ".", "-", "+.", "1e", "1.2.3"};

  private static Path fixture(String name) throws Exception {
    return Path.of(FuzzTest.class.getResource("/dev/neuralode/io/" + name).toURI());
  }

  /** Runs a command, also capturing what anything prints to the process's stderr. */
  private static CliRun run(Object command, String... args) {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
    CliRun run;
    try {
      System.setErr(new java.io.PrintStream(stray, true, StandardCharsets.UTF_8));
      run = CliRun.of(command, args);
    } finally {
      System.setErr(saved);
    }
    String extra = stray.toString(StandardCharsets.UTF_8);
    return extra.isEmpty() ? run : new CliRun(run.exit(), run.out(), run.err() + extra);
  }

  /** Success (with nothing on stderr but the command's own lines), or status 1 or 2 with one line and no stack trace. */
  private static void allowed(String what, CliRun run) {
    assertThat(run.err()).as(what).doesNotContain("[picocli");
    if (run.exit() == 0) {
      return;
    }
    assertThat(run.exit()).as(what + "\n" + run.err()).isIn(1, 2);
    assertThat(run.errLines()).as(what + "\n" + run.err()).hasSize(1);
    assertThat(run.err()).as(what).doesNotContain("\tat ").doesNotContain("Exception:")
        .doesNotContain("Error:");
  }

  private static String mutate(String text, Random r) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(4);
    for (int k = 0; k < edits; k++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
      switch (r.nextInt(6)) {
        case 0 -> sb.insert(at, NASTY[r.nextInt(NASTY.length)]);
        case 1 -> {
          if (sb.length() > 0) {
            int end = Math.min(sb.length(), at + 1 + r.nextInt(20));
            sb.delete(Math.min(at, sb.length()), end);
          }
        }
        case 2 -> sb.insert(at, (char) r.nextInt(128));
        case 3 -> {
          if (sb.length() > 0) {
            int from = r.nextInt(sb.length());
            int end = Math.min(sb.length(), from + 1 + r.nextInt(40));
            sb.insert(at, sb.substring(from, end));
          }
        }
        case 4 -> {
          if (at < sb.length()) {
            sb.setCharAt(at, "0123456789.,-+eE\"\n x".charAt(r.nextInt(20)));
          }
        }
        default -> sb.insert(at, String.valueOf(r.nextInt(10)).repeat(1 + r.nextInt(400)));
      }
    }
    return sb.toString();
  }

  private static byte[] randomBytes(Random r, int max) {
    byte[] b = new byte[r.nextInt(max)];
    r.nextBytes(b);
    return b;
  }

  @Test
  void csvInputsOfLogpNeverCrash() throws Exception {
    Random r = new Random(1401);
    String model = fixture("cnf-v1.json").toString();
    String valid = String.join("\n", CSV_ROWS) + "\n";
    for (int i = 0; i < 500; i++) {
      Path data = dir.resolve("d" + i + ".csv");
      if (i % 10 == 9) {
        Files.write(data, randomBytes(r, 400));
      } else {
        Files.writeString(data, mutate(valid, r), StandardCharsets.UTF_8);
      }
      List<String> args = new ArrayList<>(List.of("--model", model, "--data", data.toString()));
      if (r.nextInt(4) == 0) {
        args.add("--columns");
        args.add(r.nextBoolean() ? "waiting,eruptions" : mutate("eruptions,waiting", r));
      }
      allowed("csv case " + i + ": " + Files.readString(data, StandardCharsets.ISO_8859_1),
          run(new LogpCommand(), args.toArray(String[]::new)));
    }
  }

  @Test
  void modelFilesOfSampleAndPredictNeverCrash() throws Exception {
    Random r = new Random(1402);
    String cnf = Files.readString(fixture("cnf-v1.json"));
    String ode = Files.readString(fixture("ode-mlp-v1.json"));
    for (int i = 0; i < 800; i++) {
      Path m = dir.resolve("m" + i + ".json");
      boolean flow = i % 2 == 0;
      if (i % 10 == 9) {
        Files.write(m, randomBytes(r, 400));
      } else if (i % 10 == 8) {
        // deep nesting
        int depth = 1 + r.nextInt(5000);
        Files.writeString(m, "[".repeat(depth) + "]".repeat(r.nextInt(depth + 1)));
      } else {
        Files.writeString(m, mutate(flow ? cnf : ode, r), StandardCharsets.UTF_8);
      }
      CliRun run = flow
          ? run(new SampleCommand(), "--model", m.toString(), "-n", "3")
          : run(new PredictCommand(), "--model", m.toString(), "--t0", "1900", "--t1",
              "1901", "--points", "3");
      allowed("model case " + i + ": " + Files.readString(m, StandardCharsets.ISO_8859_1), run);
    }
  }

  private static final String[] TOKENS = {"x", "v", "t", "k", "pi", "e", "1", "2.5", "1e308",
      "1e-308", "0", "+", "-", "*", "/", "^", "(", ")", ",", "sin(", "cos(", "exp(", "log(",
      "sqrt(", "tanh(", "pow(", "abs(", "9".repeat(400), " ", "max(", "min(", "="};

  @Test
  void expressionsOfSolveNeverCrash() {
    Random r = new Random(1403);
    for (int i = 0; i < 400; i++) {
      String rhs;
      if (i % 20 == 19) {
        int depth = 100 + r.nextInt(5000);
        rhs = "(".repeat(depth) + "x" + ")".repeat(depth);
      } else if (i % 20 == 18) {
        rhs = "x" + "+x".repeat(r.nextInt(3000));
      } else if (i % 20 == 17) {
        rhs = new String(randomBytes(r, 60), StandardCharsets.ISO_8859_1);
      } else {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int k = 0; k < n; k++) {
          sb.append(TOKENS[r.nextInt(TOKENS.length)]);
        }
        rhs = r.nextBoolean() ? sb.toString() : mutate("-k*x + v*sin(t)", r);
      }
      String event = r.nextInt(5) == 0 ? mutate("x - 0.5", r) : null;
      List<String> args = new ArrayList<>(List.of("--vars", "x,v", "--rhs", rhs + "; -x",
          "--param", "k=0.5", "--y0", "1,0", "--t", "0:1:3", "--max-steps", "500"));
      if (event != null) {
        args.add("--event");
        args.add(event);
      }
      allowed("expression case " + i + ": " + rhs + " / " + event,
          run(new SolveCommand(), args.toArray(String[]::new)));
    }
  }
}
