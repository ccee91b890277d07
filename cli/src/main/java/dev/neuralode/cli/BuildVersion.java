package dev.neuralode.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The text of {@code neuralode --version}: the version Maven built, then the Java runtime.
 *
 * <p>The version comes from {@code dev/neuralode/cli/version.properties}, a resource that Maven's
 * resource filtering fills in from the pom, so it is the same in the shaded jar and in
 * {@code target/classes}. For example:
 *
 * <pre>
 * neuralode 0.1.0-SNAPSHOT
 * Java 17.0.15+6-Debian-1deb12u1 (Debian), OpenJDK 64-Bit Server VM
 * </pre>
 */
public final class BuildVersion implements IVersionProvider {

  /** The classpath resource that holds {@code version=...}. */
  static final String RESOURCE = "version.properties";

  /** Creates the provider; picocli calls this for {@code --version}. */
  public BuildVersion() {}

  /**
   * Returns the lines that {@code --version} prints.
   *
   * @return the program's name and version, then the Java version, vendor and VM
   */
  @Override
  public String[] getVersion() {
    return new String[] {
        "neuralode " + version(),
        "Java " + System.getProperty("java.runtime.version", Runtime.version().toString())
            + " (" + System.getProperty("java.vendor", "unknown vendor") + "), "
            + System.getProperty("java.vm.name", "unknown VM")};
  }

  /**
   * Returns the version the build wrote, such as {@code 0.1.0-SNAPSHOT}.
   *
   * @return the version, or {@code "(unknown version: built without Maven)"} when the resource
   *     is missing or was not filtered (as when the sources are compiled by hand)
   * @throws UncheckedIOException if the resource exists but cannot be read
   */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the neuralode jar", e);
    }
    String version = properties.getProperty("version", "").strip();
    if (version.isEmpty() || version.contains("${")) {
      return "(unknown version: built without Maven)";
    }
    return version;
  }
}
