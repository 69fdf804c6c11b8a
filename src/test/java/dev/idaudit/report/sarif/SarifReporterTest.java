package dev.idaudit.report.sarif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.report.Golden;
import dev.idaudit.report.ReportFixtures;
import dev.idaudit.report.ReportInput;
import dev.idaudit.rules.Finding;
import dev.idaudit.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReporterTest {
    private static final String FINGERPRINT =
            "/runs/0/results/0/partialFingerprints/" + SarifReporter.FINGERPRINT_KEY.replace("/", "~1");
    @TempDir Path dir;

    private JsonNode render(ReportInput input) throws Exception {
        Path out = dir.resolve("findings.sarif");
        new SarifReporter().write(input, out);
        return Json.json().readTree(out.toFile());
    }

    @Test
    void matchesTheGoldenFile() throws Exception {
        Path out = dir.resolve("findings.sarif");
        new SarifReporter().write(ReportFixtures.input(), out);
        Golden.assertMatches(getClass(), "findings.sarif", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void listsEveryRuleAndReportsFailuresAndWaiversAsResults() throws Exception {
        JsonNode sarif = render(ReportFixtures.input());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode rules = run.at("/tool/driver/rules");
        assertEquals(ReportFixtures.rules().size(), rules.size());
        JsonNode results = run.get("results");
        assertEquals(5, results.size(), "4 FAIL + 1 WAIVED");
        for (JsonNode result : results) {
            int index = result.get("ruleIndex").asInt();
            assertEquals(result.get("ruleId").asText(), rules.get(index).get("id").asText());
        }
        long suppressed = 0;
        for (JsonNode r : results) {
            if (r.has("suppressions")) {
                suppressed++;
                assertEquals("Break-glass user kept outside Okta (until 2027-01-31)", r.at("/suppressions/0/justification").asText());
            }
        }
        assertEquals(1, suppressed);
        assertEquals(4, run.at("/invocations/0/toolExecutionNotifications").size(), "the incomplete-audit banner + 1 collection issue + NOT_EVALUATED + ERROR");
        assertTrue(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText().startsWith("Incomplete audit: "));
    }

    @Test
    void linksToRuleDocumentationOnlyWhenADocumentationAddressIsSet() throws Exception {
        JsonNode without = render(ReportFixtures.input());
        assertTrue(without.at("/runs/0/tool/driver/informationUri").isMissingNode(), "no address of idaudit's own");
        for (JsonNode rule : without.at("/runs/0/tool/driver/rules")) {
            assertFalse(rule.has("helpUri"), rule.toString());
        }
        JsonNode with = render(ReportFixtures.input().withDocsUrl("https://wiki.example.test/idaudit/rules"));
        assertEquals("https://wiki.example.test/idaudit/rules", with.at("/runs/0/tool/driver/informationUri").asText());
        for (JsonNode rule : with.at("/runs/0/tool/driver/rules")) {
            assertEquals("https://wiki.example.test/idaudit/rules/" + rule.get("id").asText() + ".md", rule.get("helpUri").asText());
        }
    }

    @Test
    void fingerprintStaysWhenNameAndReasonChangeButNotWhenResourceChanges() throws Exception {
        ReportInput input = ReportFixtures.input();
        String before = render(input).at(FINGERPRINT).asText();
        assertEquals(64, before.length());

        List<Finding> renamed = new ArrayList<>(input.findings());
        Finding f = renamed.get(0);
        renamed.set(0, new Finding(f.ruleId(), f.title(), f.status(), f.severity(),
                new Finding.Resource(f.resource().type(), f.resource().id(), "renamed", f.resource().accountId()), "reworded",
                f.remediation(), f.frameworks(), f.waiver()));
        String afterRename = render(withFindings(input, renamed))
                .at(FINGERPRINT).asText();
        assertEquals(before, afterRename);

        renamed.set(0, new Finding(f.ruleId(), f.title(), f.status(), f.severity(),
                new Finding.Resource(f.resource().type(), "u-other", f.resource().name(), f.resource().accountId()), f.reason(),
                f.remediation(), f.frameworks(), f.waiver()));
        String otherResource = render(withFindings(input, renamed))
                .at(FINGERPRINT).asText();
        assertNotEquals(before, otherResource);
    }

    private static ReportInput withFindings(ReportInput in, List<Finding> findings) {
        return new ReportInput(in.run(), in.snapshot(), findings, in.rules(), in.waivers(), in.collectionIssues(), in.evidence(),
                in.accessMatrix(), in.reconciliation(), in.changes());
    }
}
