package dev.neuralode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The import rules of {@code docs/architecture.md}, checked on the compiled classes of
 * {@code neuralode-core}: a forbidden import fails the build, so the map cannot drift from the code.
 */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.neuralode");
  }

  /**
   * Each core package and the only other project packages it may import: the arrows of
   * {@code docs/architecture.md}. A package missing here fails {@link #everyCorePackageIsMapped()}.
   */
  static Stream<Arguments> allowedImports() {
    return Stream.of(
        Arguments.of("tensor", new String[] {}),
        Arguments.of("ode", new String[] {"tensor"}),
        Arguments.of("sensitivity", new String[] {"tensor", "ode"}),
        Arguments.of("nn", new String[] {"tensor", "ode", "sensitivity"}),
        Arguments.of("optim", new String[] {"tensor"}),
        Arguments.of("data", new String[] {"tensor", "ode"}),
        Arguments.of("expr", new String[] {"tensor", "ode"}),
        Arguments.of("flow", new String[] {"tensor", "ode", "sensitivity", "nn"}),
        Arguments.of("latent", new String[] {"tensor", "ode", "sensitivity", "nn"}),
        Arguments.of("train", new String[] {"tensor", "ode", "sensitivity", "nn", "optim", "flow"}),
        Arguments.of("model", new String[] {"tensor", "ode", "sensitivity", "nn", "flow", "data", "latent"}));
  }

  @ParameterizedTest(name = "{0} imports only its allowed packages")
  @MethodSource("allowedImports")
  void packageImportsOnlyWhatTheMapAllows(String pkg, String[] allowed) {
    String[] ok = new String[allowed.length + 2];
    ok[0] = "java..";
    ok[1] = "dev.neuralode." + pkg + "..";
    for (int i = 0; i < allowed.length; i++) {
      ok[i + 2] = "dev.neuralode." + allowed[i] + "..";
    }
    ArchRule rule = classes().that().resideInAPackage("dev.neuralode." + pkg + "..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(ok)
        .allowEmptyShould(false);
    rule.check(core);
  }

  @Test
  void everyCorePackageIsMapped() {
    java.util.Set<String> mapped = new java.util.TreeSet<>();
    allowedImports().forEach(a -> mapped.add("dev.neuralode." + a.get()[0]));
    java.util.Set<String> actual = new java.util.TreeSet<>();
    core.forEach(c -> actual.add(c.getPackageName().replaceAll("^(dev\\.neuralode\\.[a-z]+).*$", "$1")));
    org.assertj.core.api.Assertions.assertThat(actual).as("core packages").isEqualTo(mapped);
  }

  @Test
  void corePackagesAreFreeOfCycles() {
    slices().matching("dev.neuralode.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void coreHasNoMutableStaticFields() {
    fields().that().areDeclaredInClassesThat().resideInAPackage("dev.neuralode..")
        .and().areStatic()
        .should().beFinal()
        .check(core);
  }

  @Test
  void coreHasNoPublicStaticArrays() {
    // A public static final array can still be changed by anyone, for everyone: issue 14 found
    // CnfNetwork.DEFAULT_HIDDEN and TutorialSpirals' matrices; constants are methods returning
    // copies now.
    fields().that().areDeclaredInClassesThat().resideInAPackage("dev.neuralode..")
        .and().areStatic().and().arePublic()
        .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaField>(
            "not be an array") {
          @Override
          public void check(com.tngtech.archunit.core.domain.JavaField field,
              com.tngtech.archunit.lang.ConditionEvents events) {
            if (field.getRawType().isArray()) {
              events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(field,
                  field.getFullName() + " is a public static array; return a copy from a method"));
            }
          }
        })
        .check(core);
  }

  @Test
  void onlyTheNoGradScopeUsesThreadLocal() {
    noClasses().that().resideInAPackage("dev.neuralode..")
        .and().haveNameNotMatching("dev\\.neuralode\\.tensor\\.Autograd(\\$.*)?")
        .should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
        .check(core);
  }
}
