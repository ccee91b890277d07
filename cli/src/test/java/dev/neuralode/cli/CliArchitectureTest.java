package dev.neuralode.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI half of {@code docs/architecture.md}'s import rules: the plotting and expression packages
 * know nothing of training or commands, file formats know nothing of commands, and no package of the
 * CLI forms a cycle. Core's own rules are in core's {@code ArchitectureTest}.
 *
 * <p>The file formats ({@code dev.neuralode.io}) live in the module {@code neuralode-io} and the
 * expression language ({@code dev.neuralode.expr}) in {@code neuralode-core}, so that the Spark jobs
 * can use them without the CLI; they are imported here from the class path (directories or jars).
 */
class CliArchitectureTest {
  private static JavaClasses cli;
  private static JavaClasses formats;

  @BeforeAll
  static void importCli() {
    cli = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.neuralode.cli", "dev.neuralode.io", "dev.neuralode.plot", "dev.neuralode.expr");
    formats = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.neuralode.io", "dev.neuralode.expr");
  }

  @Test
  void plotTakesPlainArraysAndKnowsNothingOfTheNumerics() {
    classes().that().resideInAPackage("dev.neuralode.plot..")
        .should().onlyDependOnClassesThat().resideOutsideOfPackages(
            "dev.neuralode.tensor..", "dev.neuralode.ode..", "dev.neuralode.sensitivity..",
            "dev.neuralode.nn..", "dev.neuralode.optim..", "dev.neuralode.flow..", "dev.neuralode.train..",
            "dev.neuralode.model..", "dev.neuralode.cli..", "dev.neuralode.expr..")
        .check(cli);
  }

  @Test
  void fileFormatsAndExpressionsDoNotDependOnCommands() {
    classes().that().resideInAnyPackage("dev.neuralode.io..", "dev.neuralode.expr..")
        .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.neuralode.cli..", "dev.neuralode.plot..")
        .check(formats);
  }

  @Test
  void cliPackagesAreFreeOfCycles() {
    slices().matching("dev.neuralode.(*)..").should().beFreeOfCycles().check(cli);
  }

  @Test
  void cliHasNoMutableStaticFields() {
    fields().that().areDeclaredInClassesThat().resideInAPackage("dev.neuralode..")
        .and().areStatic()
        .should().beFinal()
        .check(cli);
  }
}
