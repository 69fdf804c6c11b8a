package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.report.ReportInput.AccountRef;
import dev.idaudit.report.ReportInput.EvidenceRef;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.FrameworkInfo;
import dev.idaudit.report.ReportInput.RequirementRef;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.SinceLastRun;
import dev.idaudit.rules.Finding;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDataTest {
    @TempDir Path dir;

    /** The fixture input with details, a rule explained in full, a framework and a documentation address. */
    static ReportInput explained() {
        ReportInput in = ReportFixtures.input();
        List<FindingDetail> details = new ArrayList<>();
        for (Finding f : in.findings()) {
            details.add(new FindingDetail(FindingKey.fingerprint(f), List.of(new AccountRef("222222222222", "acme-prod")),
                    "2026-11-21T03-00-00Z", Instant.parse("2026-11-21T03:00:00Z"), SinceLastRun.STILL_FAILING,
                    List.of(new EvidenceRef("okta.users", ".okta.users[] | select(.id == \"00u1\")", "Okta user 00u1"))));
        }
        List<RuleInfo> rules = new ArrayList<>(in.rules());
        RuleInfo r = rules.get(0);
        rules.set(0, new RuleInfo(r.id(), r.title(), r.severity(), r.description(), r.remediation(), r.frameworks(),
                "Leavers keep access.", new ReportInput.Remediation("Disable the user.", List.of("IAM Identity Center > Users > Disable"),
                        List.of("aws identitystore list-users --identity-store-id d-1"), "resource \"x\" \"y\" {}",
                        List.of("https://docs.aws.amazon.com/singlesignon/latest/userguide/disableuser.html")),
                List.of(new RequirementRef("soc2", "SOC 2", "2017", "CC6.2", "Registration and authorization")),
                List.of("okta.users", "aws.identityCenter.users"), "# page"));
        FrameworkInfo soc2 = new FrameworkInfo("soc2", "SOC 2", "2017", null,
                List.of(new FrameworkInfo.Requirement("CC6.2", "Registration and authorization", List.of(r.id()))));
        return new ReportInput(in.run(), in.snapshot(), in.findings(), rules, in.waivers(), in.collectionIssues(), in.evidence(),
                in.accessMatrix(), in.reconciliation(), in.changes(), details, List.of(soc2), "https://docs.example.test/idaudit/rules");
    }

    @Test
    void reportDataKeepsTheFindingDetailsFrameworksAndDocumentationAddress() throws Exception {
        ReportInput in = explained();
        ReportData.write(in, dir);
        SnapshotIO.write(in.snapshot(), dir.resolve(ReportData.SNAPSHOT_FILE));
        ReportInput back = ReportData.read(dir);
        assertEquals(in.details(), back.details());
        assertEquals(in.rules(), back.rules());
        assertEquals(in.frameworks(), back.frameworks());
        assertEquals("https://docs.example.test/idaudit/rules", back.docsUrl());
        assertEquals("https://docs.example.test/idaudit/rules/x_rule.md", back.ruleDocsUri("x_rule"));
        assertEquals(2, Json.json().readTree(dir.resolve(ReportData.FILE_NAME).toFile()).get("version").asInt());
    }

    @Test
    void versionOneReportDataStillReadsWithoutDetails() throws Exception {
        ReportInput in = ReportFixtures.input();
        ReportData.write(in, dir);
        // What idaudit wrote before version 2: no details, frameworks or address; rules with a helpUri.
        ObjectNode tree = (ObjectNode) Json.json().readTree(dir.resolve(ReportData.FILE_NAME).toFile());
        tree.put("version", 1);
        tree.remove(List.of("details", "frameworks", "docsUrl"));
        tree.withArray("rules").forEach(r -> {
            ((ObjectNode) r).remove(List.of("risk", "fix", "requirements", "reads", "documentation"));
            ((ObjectNode) r).put("helpUri", "https://example.invalid/made-up");
        });
        Json.json().writeValue(dir.resolve(ReportData.FILE_NAME).toFile(), tree);

        ReportData data = ReportData.readData(dir);
        ReportInput back = data.withSnapshot(in.snapshot());
        assertEquals(in.findings(), back.findings());
        assertTrue(back.details().isEmpty());
        assertNull(back.docsUrl());
        for (int i = 0; i < back.findings().size(); i++) {
            Finding f = back.findings().get(i);
            FindingDetail d = back.detail(i);
            assertEquals(FindingKey.fingerprint(f), d.fingerprint());
            assertEquals(f.resource().accountId() == null ? List.of() : List.of(f.resource().accountId()), d.accountIds(),
                    "a finding of an older run concerns its own account only");
            assertNull(d.sinceLastRun());
        }
    }

    @Test
    void aNewerVersionIsRefusedClearly() throws Exception {
        ReportData.write(ReportFixtures.input(), dir);
        ObjectNode tree = (ObjectNode) Json.json().readTree(dir.resolve(ReportData.FILE_NAME).toFile());
        tree.put("version", 3);
        Files.writeString(dir.resolve(ReportData.FILE_NAME), tree.toString());
        BadInputException e = assertThrows(BadInputException.class, () -> ReportData.readData(dir));
        assertTrue(e.getMessage().contains("report data version 3 is not one this idaudit reads (1 to 2); use a newer idaudit"),
                e.getMessage());
    }

    @Test
    void detailsThatDoNotMatchTheFindingsAreRefused() {
        ReportInput in = explained();
        assertThrows(IllegalArgumentException.class, () -> new ReportInput(in.run(), in.snapshot(), in.findings(), in.rules(),
                in.waivers(), in.collectionIssues(), in.evidence(), in.accessMatrix(), in.reconciliation(), in.changes(),
                in.details().subList(1, in.details().size()), in.frameworks(), in.docsUrl()));
    }

    @Test
    void noDocumentationAddressMeansNoRuleLink() {
        assertNull(ReportFixtures.input().ruleDocsUri("sync_deprovisioned_users_removed"));
        assertEquals("https://x.example/docs/a.md", ReportFixtures.input().withDocsUrl("https://x.example/docs/").ruleDocsUri("a"));
    }
}
