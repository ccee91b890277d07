package dev.neuralode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared data directory ({@code ../shared} next to the project: reference solutions, data
 * sets) for tests.
 *
 * <p>The directory comes from the system property {@code neuralode.shared} (surefire sets it from the
 * parent pom's {@code shared.dir}); failing that, from {@code ../shared} relative to the project root
 * (the topmost ancestor of the working directory holding a {@code pom.xml}), then {@code shared/} inside
 * it. When the directory or a file is missing, the calling test is skipped with a message saying what
 * is missing, except under CI ({@code CI=true}), where it fails: CI must never pass by skipping.
 */
public final class SharedData {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SharedData() {}

  /**
   * The shared directory; skips (or, under CI, fails) the calling test if it cannot be found.
   *
   * @return an existing directory
   */
  public static Path dir() {
    String prop = System.getProperty("neuralode.shared");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    Path root = projectRoot();
    for (Path candidate : new Path[] {root.resolve("../shared"), root.resolve("shared")}) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    missing("shared data directory not found: system property neuralode.shared=" + prop + ", and neither "
        + root.resolve("../shared").normalize() + " nor " + root.resolve("shared") + " exists");
    throw new AssertionError("unreachable");
  }

  /**
   * A file under the shared directory; skips (or, under CI, fails) the calling test if it is missing.
   *
   * @param relative a path relative to the shared directory, e.g. {@code reference/ode_reference.json}
   * @return an existing regular file
   */
  public static Path file(String relative) {
    Path p = dir().resolve(relative);
    if (!Files.isRegularFile(p)) {
      missing("shared file not found: " + p);
    }
    return p;
  }

  /**
   * Parses a JSON file under the shared directory.
   *
   * @param relative a path relative to the shared directory
   * @return the parsed tree
   */
  public static JsonNode json(String relative) {
    Path p = file(relative);
    try {
      return MAPPER.readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + p, e);
    }
  }

  /**
   * Reads a JSON array of numbers.
   *
   * @param node an array node
   * @return its values
   */
  public static double[] doubles(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asDouble();
    }
    return v;
  }

  /**
   * Reads a JSON array of arrays of numbers.
   *
   * @param node an array of arrays
   * @return its rows
   */
  public static double[][] matrix(JsonNode node) {
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = doubles(node.get(i));
    }
    return m;
  }

  private static Path projectRoot() {
    Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize();
    Path root = p;
    while (p != null) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        root = p;
      }
      p = p.getParent();
    }
    return root;
  }

  private static void missing(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true, so this fails instead of skipping)");
    }
    Assumptions.assumeTrue(false, message + "; skipping (set -Dneuralode.shared=DIR to run)");
  }
}
