package dev.idaudit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md, written as tests so that it stays true. */
class LayeringTest {
    static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.idaudit");
    }

    @Test
    void snapshotDependsOnNothingOfOursButUtil() {
        noClasses().that().resideInAPackage("dev.idaudit.snapshot..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.idaudit.cli..", "dev.idaudit.collect..", "dev.idaudit.model..", "dev.idaudit.rules..",
                        "dev.idaudit.drift..", "dev.idaudit.report..", "dev.idaudit.evidence..", "dev.idaudit.sandbox..",
                        "dev.idaudit.config..")
                .because("the snapshot is the contract every stage reads; it must not move when they do")
                .check(main);
    }

    @Test
    void onlyCollectorsAndTheS3StoreTouchTheVendorSdks() {
        noClasses().that().resideOutsideOfPackages("dev.idaudit.collect..", "dev.idaudit.evidence..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.okta..")
                .because("vendor SDKs stay behind the collectors, so the rest runs offline on a snapshot")
                .check(main);
    }

    @Test
    void theSandboxSpeaksWireFormatsWithoutTheSdks() {
        noClasses().that().resideInAPackage("dev.idaudit.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon.awssdk..", "com.okta..", "dev.idaudit.collect..", "dev.idaudit.rules..", "dev.idaudit.report..")
                .because("an emulator built on the SDK it emulates would hide the SDK's own mistakes")
                .check(main);
    }

    @Test
    void collectorsKnowNothingOfRulesOrReports() {
        noClasses().that().resideInAPackage("dev.idaudit.collect..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.idaudit.model..", "dev.idaudit.rules..", "dev.idaudit.report..", "dev.idaudit.drift..", "dev.idaudit.cli..")
                .because("collect only writes a snapshot")
                .check(main);
    }

    @Test
    void theModelDependsOnlyOnTheSnapshot() {
        noClasses().that().resideInAPackage("dev.idaudit.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.idaudit.collect..", "dev.idaudit.rules..", "dev.idaudit.report..", "dev.idaudit.drift..",
                        "dev.idaudit.cli..", "dev.idaudit.sandbox..")
                .because("the model is built from a snapshot alone")
                .check(main);
    }

    @Test
    void rulesDoNotReachIntoCollectionReportsOrTheCli() {
        noClasses().that().resideInAPackage("dev.idaudit.rules..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.idaudit.collect..", "dev.idaudit.report..", "dev.idaudit.cli..", "dev.idaudit.sandbox..")
                .because("rules evaluate a model offline, with no credentials")
                .check(main);
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.idaudit.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.idaudit.cli..")
                .because("the CLI is the outermost layer")
                .check(main);
    }

    @Test
    void reportsReadResultsAndNeverCollect() {
        noClasses().that().resideInAPackage("dev.idaudit.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.idaudit.collect..", "dev.idaudit.sandbox..", "dev.idaudit.cli..")
                .because("a report renders stored results and can be re-rendered offline")
                .check(main);
    }

    @Test
    void theAuditPipelineSitsBelowTheCliAndAboveWhatItAssembles() {
        noClasses().that().resideInAPackage("dev.idaudit.audit..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.idaudit.cli..", "dev.idaudit.collect..", "dev.idaudit.sandbox..", "dev.idaudit.evidence..")
                .because("the pipeline checks a snapshot however it was read, and every command calls it the same way")
                .check(main);
        noClasses().that().resideInAnyPackage("dev.idaudit.snapshot..", "dev.idaudit.model..", "dev.idaudit.rules..",
                        "dev.idaudit.drift..", "dev.idaudit.report..", "dev.idaudit.collect..")
                .should().dependOnClassesThat().resideInAPackage("dev.idaudit.audit..")
                .because("the stages the pipeline assembles do not know it")
                .check(main);
    }
}
