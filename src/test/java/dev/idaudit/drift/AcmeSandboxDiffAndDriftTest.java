package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.drift.DriftReport.DriftStatus;
import dev.idaudit.drift.SnapshotDiff.TypeDiff;
import dev.idaudit.cli.ExitCode;
import dev.idaudit.cli.Main;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two built-in scenarios, collected from the emulators by the real collectors: their diff is
 * the week's changes listed in acme-next-week/scenario.yaml and nothing else, and their drift
 * against acme's Terraform state is the hand-made changes and nothing else.
 */
class AcmeSandboxDiffAndDriftTest {

    @TempDir
    static Path tmp;

    static Snapshot acme;
    static Snapshot nextWeek;

    @BeforeAll
    static void collect() {
        acme = collect("acme");
        nextWeek = collect("acme-next-week");
    }

    /** {@code idaudit collect --sandbox <scenario>}: both emulators on loopback, read by the real collectors. */
    private static Snapshot collect(String scenario) {
        Path file = tmp.resolve(scenario + ".json.gz");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "collect", "--quiet", "--sandbox", scenario, "-o", file.toString());
        assertEquals(ExitCode.CLEAN.code, exit, err.toString(StandardCharsets.UTF_8));
        return SnapshotIO.read(file);
    }

    @Test
    void reportsTheWeeksChangesAndNothingElse() {
        SnapshotDiff diff = SnapshotDiff.compare(acme, nextWeek);

        List<String> changes = new ArrayList<>();
        for (TypeDiff t : diff.types()) {
            t.added().forEach(c -> changes.add("+ " + t.type().key + " " + c.name()));
            t.removed().forEach(c -> changes.add("- " + t.type().key + " " + c.name()));
            t.changed().forEach(c -> c.fields().forEach(f -> changes.add(
                    "~ " + t.type().key + " " + c.name() + " " + f.field() + ": " + f.before() + " -> " + f.after())));
        }
        assertEquals(List.of(
                // 1. bob deprovisioned in Okta; the Identity Store still has him ENABLED (no idc_user change)
                "~ okta_user bob@acme.example status: ACTIVE -> DEPROVISIONED",
                "~ okta_app_user bob@acme.example in AWS IAM Identity Center externalId: 9a6c0002-bob -> null",
                "~ okta_app_user bob@acme.example in AWS IAM Identity Center status: PROVISIONED -> DEPROVISIONED",
                // 4. the org-DevOps group push broke
                "~ okta_push_mapping org-DevOps status: ACTIVE -> ERROR",
                "~ okta_push_mapping org-DevOps errorSummary: null -> Group push failed: 400 Bad Request",
                // 5. a new account, with its root user's credential report row
                "+ aws_account acme-ml (777777777777)",
                // 2. ReadOnly's session duration raised
                "~ idc_permission_set ReadOnly sessionDuration: PT4H -> PT12H",
                // 3. a hand-made assignment to a user
                "+ idc_assignment USER carol@acme.example → DevOps-AdministratorAccess → 222222222222",
                // 6. dave removed from org-Developers in the Identity Store, as the access review decided
                "- idc_group_membership org-Developers / dave@acme.example",
                "+ iam_user <root_account> in 777777777777"),
                changes, () -> TextRendering.diff(diff));
        assertEquals(List.of(), diff.caveats(), "both scenarios are collected completely");
    }

    @Test
    void driftOfTheSandboxAgainstAcmesTerraformStateIsMallorysAssignmentAlone() {
        DriftReport report = DriftCheck.compare(TerraformState.read(TerraformDriftTest.acmeState()), acme);

        assertEquals(List.of("UNMANAGED USER mallory → DevOps-AdministratorAccess → 444444444444"), drifted(report),
                () -> TextRendering.drift(report));
        assertEquals(35, report.count(DriftStatus.MANAGED));
        assertEquals(List.of(), report.caveats());
    }

    @Test
    void driftAWeekLaterAddsTheConsoleChangesOnTheDeclaredSide() {
        DriftReport report = DriftCheck.compare(TerraformState.read(TerraformDriftTest.acmeState()), nextWeek);

        // bob's deprovisioning, the broken push and the new account are not what this state declares
        assertEquals(List.of(
                "CHANGED ReadOnly [sessionDuration: PT4H -> PT12H]",
                "UNMANAGED USER carol@acme.example → DevOps-AdministratorAccess → 222222222222",
                "UNMANAGED USER mallory → DevOps-AdministratorAccess → 444444444444"), drifted(report),
                () -> TextRendering.drift(report));
    }

    @Test
    void driftOfTheSandboxAgainstAcmesDesiredYamlIsMallorysAssignmentAndTheBrokenPush() throws Exception {
        DriftReport report = DriftCheck.compare(DesiredYaml.read(
                Path.of(getClass().getResource("acme-desired.yaml").toURI())), acme);

        assertEquals(List.of("CHANGED org-ReadOnly [status: ACTIVE -> ERROR]",
                "UNMANAGED USER mallory → DevOps-AdministratorAccess → 444444444444"), drifted(report),
                () -> TextRendering.drift(report));
    }

    private static List<String> drifted(DriftReport report) {
        return report.drifted().stream().map(i -> i.status() + " " + i.name() + (i.fields().isEmpty() ? "" : " "
                + i.fields().stream().map(f -> f.field() + ": " + f.before() + " -> " + f.after()).toList())).toList();
    }
}
