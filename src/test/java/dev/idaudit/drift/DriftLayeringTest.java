package dev.idaudit.drift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DriftLayeringTest {

    @Test
    void driftReadsSnapshotsAndFindingsAndNothingElseOfOurs() {
        JavaClasses drift = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.idaudit.drift");
        classes().that().resideInAPackage("dev.idaudit.drift..")
                .should().onlyDependOnClassesThat(
                        DescribedPredicate.describe("outside dev.idaudit, or the snapshot, util, the views' declarations, or a finding",
                                c -> !c.getPackageName().startsWith("dev.idaudit")
                                        || c.getPackageName().startsWith("dev.idaudit.drift")
                                        || c.getPackageName().startsWith("dev.idaudit.snapshot")
                                        || c.getPackageName().startsWith("dev.idaudit.util")
                                        // an entity's key is declared once, by its view: drift reads that, not the model
                                        || c.getPackageName().equals("dev.idaudit.model.view")
                                        || c.getName().startsWith("dev.idaudit.rules.Finding")
                                        || c.getName().equals("dev.idaudit.rules.Status")
                                        || c.getName().equals("dev.idaudit.rules.Severity")))
                .because("diff and drift run offline on stored snapshots and findings; the report renders their records")
                .check(drift);
    }
}
