package dev.neuralode.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared directory ({@code ../shared} beside the repository), which holds the
 * real data sets under {@code data/} and reference values under {@code reference/}.
 *
 * <p>The directory comes from the system property {@code neuralode.shared} (set by surefire in
 * the parent pom), else {@code ../shared} relative to the module's parent (the repository root).
 * A test that needs a missing file is skipped with a message, except when the environment
 * variable {@code CI} is {@code true}: there the shared directory must exist, so the test fails.
 */
public final class SharedData {

  private SharedData() {}

  /**
   * Returns the shared directory, whether or not it exists.
   *
   * @return the resolved, normalized absolute path
   */
  public static Path dir() {
    String property = System.getProperty("neuralode.shared");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path root = module.getParent() == null ? module : module.getParent();
    return root.resolve("../shared").normalize();
  }

  /**
   * Returns a file under the shared directory, skipping the calling test if it is missing (or
   * failing it on CI).
   *
   * @param relative the path inside the shared directory, e.g. {@code "data/lynx_hare.csv"}
   * @return the existing file
   */
  public static Path require(String relative) {
    Path file = dir().resolve(relative);
    if (!Files.isRegularFile(file)) {
      String message = "shared file " + file + " not found; put the shared directory beside the"
          + " repository or set -Dneuralode.shared=DIR";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " (CI=true, so this is an error, not a skip)");
      }
      Assumptions.abort(message);
    }
    return file;
  }
}
