package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code neuralode --version} prints the version in the pom, which surefire passes as the system
 * property {@code neuralode.version} (see the parent pom).
 */
class VersionTest {

  private static String pomVersion() {
    String version = System.getProperty("neuralode.version");
    assertThat(version).as("system property neuralode.version (set by surefire)").isNotBlank();
    return version;
  }

  @Test
  void versionOptionPrintsThePomVersionThenJava() {
    CliRun run = CliRun.of(Main.class, "--version");

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines().toList()).hasSize(2);
    assertThat(run.out().lines().findFirst()).hasValue("neuralode " + pomVersion());
    assertThat(run.out().lines().skip(1).findFirst().orElseThrow())
        .startsWith("Java " + Runtime.version().feature());
  }

  @Test
  void versionComesFromTheFilteredResource() {
    assertThat(BuildVersion.version()).isEqualTo(pomVersion());
  }
}
