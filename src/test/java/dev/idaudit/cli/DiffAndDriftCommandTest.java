package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.drift.CliSnapshots;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idaudit diff} and {@code idaudit drift} end to end through {@link Main#run}, on snapshot files. */
class DiffAndDriftCommandTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path snapshot(String name, Snapshot s) throws Exception {
        Path file = tmp.resolve(name);
        SnapshotIO.write(s, file);
        return file;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(DiffAndDriftCommandTest.class.getResource("/dev/idaudit/drift/" + name).toURI());
    }

    @Test
    void diffPrintsWhatChangedAndExitsZero() throws Exception {
        Path old = snapshot("old.json.gz", CliSnapshots.acme());
        Path now = snapshot("new.json", CliSnapshots.acmeWithoutMallorysAssignment());

        Run r = run("diff", old.toString(), now.toString());

        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 changes: 0 added, 1 removed, 0 changed"), r.out());
        assertTrue(r.out().contains("  - USER mallory → DevOps-AdministratorAccess → 444444444444"), r.out());
    }

    @Test
    void diffRendersJson() throws Exception {
        Path old = snapshot("old.json", CliSnapshots.acme());
        Path now = snapshot("new.json", CliSnapshots.acmeWithoutMallorysAssignment());

        Run r = run("diff", old.toString(), now.toString(), "--format", "json");

        JsonNode json = Json.json().readTree(r.out());
        assertEquals("idc_assignment", json.path("types").get(0).path("type").asText());
        assertEquals(1, json.path("types").get(0).path("removed").size());
    }

    @Test
    void diffWithTheFindingsOfBothRunsAddsTheFindingsDelta() throws Exception {
        Path old = snapshot("old.json", CliSnapshots.acme());
        Path now = snapshot("new.json", CliSnapshots.acmeWithoutMallorysAssignment());
        Path oldFindings = findings("old-findings.json", Status.FAIL);
        Path newFindings = findings("new-findings.json", Status.PASS);

        Run r = run("diff", old.toString(), now.toString(), "--old-findings", oldFindings.toString(), "--new-findings", newFindings.toString());

        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Findings: 0 new, 1 resolved, 0 still failing"), r.out());
        assertTrue(r.out().contains("  resolved  idc_assignments_to_groups_only: mallory in 444444444444"), r.out());
    }

    @Test
    void diffNeedsTheFindingsOfBothRunsOrNone() throws Exception {
        Path old = snapshot("old.json", CliSnapshots.acme());

        Run r = run("diff", old.toString(), old.toString(), "--old-findings", findings("f.json", Status.FAIL).toString());

        assertEquals(ExitCode.BAD_INPUT.code, r.exit());
        assertTrue(r.err().contains("--new-findings"), r.err());
    }

    private Path findings(String name, Status status) throws Exception {
        Finding mallory = new Finding("idc_assignments_to_groups_only", "Account assignments name groups", status, Severity.MEDIUM,
                new Finding.Resource("assignment", "mallory", "mallory", "444444444444"), "a user is assigned directly",
                "assign a group", Map.of(), null);
        CheckResult result = new CheckResult(CheckResult.FORMAT_VERSION, "test", new CheckResult.RulePackRef("1", "sha256:x"),
                new CheckResult.SnapshotRef("sandbox:acme", Instant.EPOCH, 1), Instant.EPOCH,
                new CheckResult.Summary(Map.of(status, 1), Map.of(Severity.MEDIUM, status == Status.FAIL ? 1 : 0)), List.of(mallory),
                List.of());
        Path file = tmp.resolve(name);
        result.write(file);
        return file;
    }

    @Test
    void diffOfAMissingSnapshotIsBadInput() throws Exception {
        Run r = run("diff", tmp.resolve("nope.json").toString(), tmp.resolve("nope2.json").toString());

        assertEquals(ExitCode.BAD_INPUT.code, r.exit());
        assertTrue(r.err().contains("nope.json: no such snapshot file"), r.err());
    }

    @Test
    void driftFailsOnTheHandMadeAssignmentWhenAsked() throws Exception {
        Path s = snapshot("acme.json", CliSnapshots.acme());

        Run r = run("drift", "--snapshot", s.toString(), "--terraform-state", resource("acme.tfstate").toString(), "--fail-on-drift");

        assertEquals(ExitCode.FINDINGS.code, r.exit(), r.err());
        assertTrue(r.out().contains("1 drifted: 1 unmanaged, 0 missing, 0 changed; 35 managed"), r.out());
        assertTrue(r.out().contains("UNMANAGED  Account assignments: USER mallory → DevOps-AdministratorAccess → 444444444444"), r.out());
    }

    @Test
    void driftExitsZeroWithoutFailOnDrift() throws Exception {
        Path s = snapshot("acme.json", CliSnapshots.acme());

        Run r = run("drift", "--snapshot", s.toString(), "--desired", resource("acme-desired.yaml").toString(), "--format", "json");

        assertEquals(0, r.exit(), r.err());
        JsonNode json = Json.json().readTree(r.out());
        assertTrue(json.path("items").size() > 20);
    }

    @Test
    void driftPassesWhenNothingDrifted() throws Exception {
        Path s = snapshot("acme.json", CliSnapshots.acmeWithoutMallorysAssignment());

        Run r = run("drift", "--snapshot", s.toString(), "--terraform-state", resource("acme.tfstate").toString(), "--fail-on-drift");

        assertEquals(ExitCode.CLEAN.code, r.exit(), r.out());
    }

    @Test
    void noDriftOnAnIncompleteSnapshotIsNotAPass() throws Exception {
        Path s = snapshot("acme.json", CliSnapshots.acmeWithoutMallorysAssignmentAndWithAssignmentsUncollected());

        Run r = run("drift", "--snapshot", s.toString(), "--terraform-state", resource("acme.tfstate").toString(), "--fail-on-drift");

        assertEquals(ExitCode.INCOMPLETE.code, r.exit(), r.out());
        assertTrue(r.out().contains("Account assignments: aws.identityCenter.assignments (account 222222222222) was not fully collected"),
                r.out());
    }

    @Test
    void aMalformedDesiredFileIsBadInputWithFileAndLine() throws Exception {
        Path s = snapshot("acme.json", CliSnapshots.acme());
        Path desired = tmp.resolve("desired.yaml");
        Files.writeString(desired, "version: 1\npermissionSets:\n  - nme: Developer\n");

        Run r = run("drift", "--snapshot", s.toString(), "--desired", desired.toString());

        assertEquals(ExitCode.BAD_INPUT.code, r.exit());
        assertTrue(r.err().startsWith("idaudit: " + desired + ":3: permission set: unknown key 'nme'"), r.err());
    }

    @Test
    void driftTakesEitherADesiredFileOrTerraformStateNotBoth() throws Exception {
        Path s = snapshot("acme.json", CliSnapshots.acme());

        Run r = run("drift", "--snapshot", s.toString(), "--desired", resource("acme-desired.yaml").toString(),
                "--terraform-state", resource("acme.tfstate").toString());

        assertEquals(ExitCode.BAD_INPUT.code, r.exit());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }
}
