package dev.kiln.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, checked on the main classes of every Kiln module (tests and the example
 * and app workers are not Kiln's own layers). A change that breaks one fails the build with the offending
 * dependencies listed.
 */
class LayersTest {

    private static JavaClasses kiln;

    @BeforeAll
    static void importKiln() {
        kiln = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln");
    }

    @Test
    void theWorkerApiDependsOnTheJdkOnly() {
        ArchRule rule = classes().that().resideInAPackage("dev.kiln.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kiln.api..", "java..");
        rule.check(kiln);
    }

    /** {@code dev.kiln.x.internal..} may be used from {@code dev.kiln.x..} only. */
    @Test
    void noModuleUsesAnotherModulesInternals() {
        ArchCondition<JavaClass> stayInOwnModule = new ArchCondition<>("use no other module's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    int internal = target.indexOf(".internal");
                    if (target.startsWith("dev.kiln.") && internal > 0 && !origin.getPackageName().startsWith(target.substring(0, internal))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
        classes().should(stayInOwnModule).check(kiln);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.kiln.(**)").should().beFreeOfCycles().check(kiln);
    }

    @Test
    void bindingsReachTheRuntimeOnlyThroughTheSpi() {
        noClasses().that().resideInAPackage("dev.kiln.bindings..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.runtime..", "dev.kiln.server..", "dev.kiln.cli..",
                        "dev.kiln.s3..", "dev.kiln.testing..")
                .check(kiln);
    }

    @Test
    void theListenerModuleKnowsNoOtherKilnModule() {
        classes().that().resideInAPackage("dev.kiln.http..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.kiln.http..", "java..", "com.sun.management..", "io.helidon..", "org.slf4j..")
                .check(kiln);
    }

    @Test
    void oneBindingKindDoesNotReachIntoAnother() {
        slices().matching("dev.kiln.bindings.(*)..").should().notDependOnEachOther().check(kiln);
    }

    @Test
    void theRuntimeKnowsNoBindingKindAndNoBackend() {
        noClasses().that().resideInAPackage("dev.kiln.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.bindings..", "dev.kiln.storage..", "dev.kiln.s3..",
                        "dev.kiln.server..", "dev.kiln.cli..")
                .check(kiln);
    }

    @Test
    void onlyEmbeddedStoresUseSqlite() {
        noClasses().that().resideOutsideOfPackages("dev.kiln.storage.sqlite..", "..sqlite..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "java.sql..", "dev.kiln.storage.sqlite..")
                .check(kiln);
    }

    @Test
    void theSpiAndTheConfigurationKnowNothingAboveThem() {
        noClasses().that().resideInAnyPackage("dev.kiln.spi..", "dev.kiln.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.runtime..", "dev.kiln.bindings..", "dev.kiln.storage..",
                        "dev.kiln.server..", "dev.kiln.s3..", "dev.kiln.cli..", "dev.kiln.testing..")
                .check(kiln);
    }

    @Test
    void theServerDoesNotReachTheCommandLine() {
        noClasses().that().resideInAnyPackage("dev.kiln.server..", "dev.kiln.s3..", "dev.kiln.runtime..")
                .should().dependOnClassesThat().resideInAPackage("dev.kiln.cli..")
                .check(kiln);
    }
}
