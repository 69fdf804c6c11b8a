package dev.idaudit.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** How the report and evidence packages may depend on the rest. */
class ReportArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.idaudit");

    @Test
    void formatsDoNotDependOnEachOther() {
        slices().matching("dev.idaudit.report.(*)..").should().notDependOnEachOther()
                .because("each format is one package behind the Reporter interface; shared code lives in dev.idaudit.report")
                .check(CLASSES);
    }

    @Test
    void reportsNeverTalkToVendors() {
        noClasses().that().resideInAPackage("dev.idaudit.report..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.okta..", "dev.idaudit.collect..")
                .because("reports render stored results offline")
                .check(CLASSES);
    }

    @Test
    void onlyTheS3StoreAndKmsSigningUseTheAwsSdkInEvidence() {
        noClasses().that().resideInAPackage("dev.idaudit.evidence..").and().doNotHaveSimpleName("S3RunStore")
                .and().doNotHaveFullyQualifiedName("dev.idaudit.evidence.S3RunStore$Location")
                .and().doNotHaveSimpleName("KmsSigner").and().doNotHaveSimpleName("AwsClients")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("the directory store and key-file signing must work without AWS")
                .check(CLASSES);
    }

    @Test
    void evidenceDoesNotDependOnReports() {
        noClasses().that().resideInAPackage("dev.idaudit.evidence..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.idaudit.report..", "dev.idaudit.cli..")
                .because("the evidence store files any run, whatever produced it")
                .check(CLASSES);
    }
}
