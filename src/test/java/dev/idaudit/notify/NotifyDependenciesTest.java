package dev.idaudit.notify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class NotifyDependenciesTest {
    @Test
    void notifyUsesOnlyUtilAndConfigOfOurs() {
        noClasses().that().resideInAPackage("dev.idaudit.notify..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.idaudit.cli..", "dev.idaudit.collect..", "dev.idaudit.model..", "dev.idaudit.rules..",
                        "dev.idaudit.drift..", "dev.idaudit.report..", "dev.idaudit.evidence..", "dev.idaudit.sandbox..",
                        "dev.idaudit.snapshot..", "software.amazon.awssdk..", "com.okta..")
                .because("a notification is filled by the caller from a run, so it can be sent even when the run failed")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.idaudit.notify"));
    }
}
