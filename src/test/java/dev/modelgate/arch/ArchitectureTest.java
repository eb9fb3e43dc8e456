package dev.modelgate.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture.md, enforced. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.modelgate");

  @Test
  void providersAreLeaves() {
    noClasses()
        .that()
        .resideInAPackage("dev.modelgate.provider..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.modelgate.server..",
            "dev.modelgate.chain..",
            "dev.modelgate.policy..",
            "dev.modelgate.config..",
            "dev.modelgate.route..",
            "dev.modelgate.auth..",
            "dev.modelgate.observe..",
            "dev.modelgate.cli..")
        .check(CLASSES);
  }

  @Test
  void providersDoNotSeeEachOther() {
    slices()
        .matching("dev.modelgate.provider.(*)..")
        .that(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "is a provider package",
                (com.tngtech.archunit.library.dependencies.Slice s) ->
                    !s.getDescription().contains("spi") && !s.getDescription().contains("common")))
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                "dev.modelgate.provider.spi..", "dev.modelgate.provider.common.."))
        .check(CLASSES);
  }

  @Test
  void theCoreModelDependsOnNothingOfTheGateway() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.modelgate.model..", "dev.modelgate.error..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.modelgate.server..",
            "dev.modelgate.chain..",
            "dev.modelgate.provider..",
            "dev.modelgate.config..",
            "dev.modelgate.upstream..",
            "dev.modelgate.codec..",
            "dev.modelgate.route..",
            "dev.modelgate.auth..")
        .check(CLASSES);
  }

  @Test
  void codecsSeeOnlyTheModelAndErrors() {
    noClasses()
        .that()
        .resideInAPackage("dev.modelgate.codec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.modelgate.server..",
            "dev.modelgate.chain..",
            "dev.modelgate.provider..",
            "dev.modelgate.config..",
            "dev.modelgate.upstream..",
            "dev.modelgate.route..")
        .check(CLASSES);
  }

  @Test
  void onlyTheServerKnowsHelidon() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.modelgate.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.helidon..")
        .check(CLASSES);
  }

  @Test
  void onlyTheUpstreamPackageKnowsJetty() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.modelgate.upstream..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.jetty..")
        .check(CLASSES);
  }

  @Test
  void policiesAndTheChainNeverSeeTheServer() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.modelgate.chain..", "dev.modelgate.policy..", "dev.modelgate.route..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.modelgate.server..", "dev.modelgate.cli..")
        .check(CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.modelgate.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void everyPackageIsNullMarked() {
    classes()
        .that()
        .haveSimpleName("package-info")
        .should()
        .beAnnotatedWith(org.jspecify.annotations.NullMarked.class)
        .check(CLASSES);
  }
}
