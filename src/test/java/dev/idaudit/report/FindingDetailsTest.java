package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.model.AuditModel;
import dev.idaudit.report.ReportInput.AccountRef;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.SinceLastRun;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Status;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.Json;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-finding explanation data on the hand-built acme snapshot (see scenarios/acme/scenario.yaml). */
class FindingDetailsTest {
    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    static final Instant BEFORE = Instant.parse("2026-11-21T03:00:00Z");
    static final String PROD = "222222222222";

    static RulePack pack;
    static AuditModel model;
    static JsonNode snapshotJson;
    static List<Finding> findings;

    @BeforeAll
    static void checkAcme() throws Exception {
        Snapshot snapshot;
        try (InputStream in = FindingDetailsTest.class.getResourceAsStream("/dev/idaudit/rules/acme-snapshot.json")) {
            snapshot = SnapshotIO.read(in, "acme");
        }
        pack = RulePack.builtIn();
        model = AuditModel.of(snapshot);
        CheckResult result = new RuleEngine(pack).check(model, Waivers.NONE, LocalDate.of(2026, 11, 28));
        findings = result.findings();
        snapshotJson = Json.json().readTree(Json.json().writeValueAsString(snapshot));
    }

    static List<FindingDetail> details(FindingDetails.PreviousRun previous) {
        return FindingDetails.of(findings, model, pack, "2026-11-28T03-00-00Z", NOW, previous);
    }

    static Finding find(String rule, String resourceType, Status status) {
        return findings.stream().filter(f -> f.ruleId().equals(rule) && f.resource().type().equals(resourceType) && f.status() == status)
                .findFirst().orElseThrow(() -> new AssertionError("no " + status + " " + rule + " on a " + resourceType));
    }

    @Test
    void aFindingAboutAPersonConcernsEveryAccountThePersonReaches() {
        List<FindingDetail> details = details(null);
        Finding leaver = find("sync_deprovisioned_users_removed", "okta_user", Status.FAIL);
        assertNull(leaver.resource().accountId(), "a person's finding names no account of its own");
        List<String> reached = model.oktaUsers().stream().filter(u -> u.id().equals(leaver.resource().id())).findFirst().orElseThrow()
                .accountIds();
        assertFalse(reached.isEmpty(), "acme's leaver still reaches accounts");
        FindingDetail d = details.get(findings.indexOf(leaver));
        assertEquals(reached.stream().sorted().toList(), d.accountIds());
        AccountRef named = d.accounts().get(0);
        assertEquals(model.accounts().stream().filter(a -> a.id().equals(named.id())).findFirst().orElseThrow().name(), named.name());
    }

    @Test
    void anIdentityStoreUsersAndAGroupsFindingsConcernTheAccountsTheyReach() {
        List<FindingDetail> details = details(null);
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            List<String> expected = switch (f.resource().type()) {
                case "identity_store_user" -> model.idcUsers().stream().filter(u -> u.userId().equals(f.resource().id()))
                        .findFirst().orElseThrow().accountIds().stream().sorted().toList();
                case "identity_store_group" -> model.assignments().stream().filter(a -> a.principalId().equals(f.resource().id()))
                        .map(a -> a.accountId()).distinct().sorted().toList();
                default -> null;
            };
            if (expected != null) {
                assertEquals(expected, details.get(i).accountIds(), f.ruleId() + " " + f.resource());
            }
        }
        assertTrue(details.stream().anyMatch(d -> d.accountIds().contains(PROD)));
    }

    @Test
    void aFindingInAnAccountConcernsThatAccountOnly() {
        List<FindingDetail> details = details(null);
        Finding assignment = find("idc_assignments_to_groups_only", "assignment", Status.FAIL);
        assertEquals(List.of(assignment.resource().accountId()), details.get(findings.indexOf(assignment)).accountIds());
    }

    @Test
    void everyEvidencePathSelectsARecordOfTheSnapshot() {
        List<FindingDetail> details = details(null);
        int withEvidence = 0;
        for (int i = 0; i < findings.size(); i++) {
            for (ReportInput.EvidenceRef e : details.get(i).evidence()) {
                assertFalse(select(snapshotJson, e.path()).isEmpty(), findings.get(i).ruleId() + ": " + e.path() + " selects nothing");
                String fields = e.path().replaceAll("select\\([^)]*\\)", "").replace("[]", "").replaceAll("\\s*\\|\\s*", "")
                        .replaceAll("\\.+", ".");
                assertTrue(fields.startsWith(e.path().startsWith(".collectionIssues") ? ".collectionIssues" : "." + e.section()),
                        e.path() + " is not in section " + e.section());
            }
            withEvidence += details.get(i).evidence().isEmpty() ? 0 : 1;
        }
        assertEquals(findings.size(), withEvidence, "every acme finding names the records it was decided on");
    }

    @Test
    void aPersonsFindingPointsAtTheOktaUserAndItsIdentityStoreUser() {
        Finding leaver = find("sync_deprovisioned_users_removed", "okta_user", Status.FAIL);
        List<String> paths = details(null).get(findings.indexOf(leaver)).evidence().stream().map(ReportInput.EvidenceRef::path).toList();
        String idcUser = model.oktaUsers().stream().filter(u -> u.id().equals(leaver.resource().id())).findFirst().orElseThrow().idcUserId();
        assertTrue(paths.contains(".okta.users[] | select(.id == \"" + leaver.resource().id() + "\")"), paths.toString());
        assertTrue(paths.contains(".aws.identityCenter.users[] | select(.userId == \"" + idcUser + "\")"), paths.toString());
        JsonNode user = select(snapshotJson, paths.get(0)).get(0);
        assertEquals(leaver.resource().id(), user.get("id").asText());
    }

    @Test
    void withoutAPreviousRunNothingIsNewAndEverythingIsFirstSeenNow() {
        for (FindingDetail d : details(null)) {
            assertNull(d.sinceLastRun());
            assertFalse(d.isNew());
            assertEquals("2026-11-28T03-00-00Z", d.firstSeenRun());
            assertEquals(NOW, d.firstSeenAt());
        }
    }

    @Test
    void aFailureThatPassedLastRunIsNewAndAStillFailingOneKeepsItsFirstSeen() {
        Finding fresh = find("sync_deprovisioned_users_removed", "okta_user", Status.FAIL);
        Finding old = find("idc_assignments_to_groups_only", "assignment", Status.FAIL);
        List<Finding> before = new ArrayList<>();
        List<FindingDetail> beforeDetails = new ArrayList<>();
        for (Finding f : findings) {
            Finding b = f == fresh ? withStatus(f, Status.PASS) : f;
            before.add(b);
            beforeDetails.add(new FindingDetail(FindingKey.fingerprint(b), List.of(), f == old ? "2026-10-01T03-00-00Z" : "2026-11-21T03-00-00Z",
                    f == old ? Instant.parse("2026-10-01T03:00:00Z") : BEFORE, null, List.of()));
        }
        List<FindingDetail> details = details(new FindingDetails.PreviousRun("2026-11-21T03-00-00Z", BEFORE, before, beforeDetails));

        FindingDetail freshDetail = details.get(findings.indexOf(fresh));
        assertEquals(SinceLastRun.NEW_FAILURE, freshDetail.sinceLastRun());
        assertTrue(freshDetail.isNew());
        assertEquals("2026-11-28T03-00-00Z", freshDetail.firstSeenRun(), "it has failed since this run");

        FindingDetail oldDetail = details.get(findings.indexOf(old));
        assertEquals(SinceLastRun.STILL_FAILING, oldDetail.sinceLastRun());
        assertFalse(oldDetail.isNew());
        assertEquals("2026-10-01T03-00-00Z", oldDetail.firstSeenRun(), "carried from the previous run's details");
        assertEquals(Instant.parse("2026-10-01T03:00:00Z"), oldDetail.firstSeenAt());

        Finding passing = find("idc_assignments_to_groups_only", "assignment", Status.PASS);
        assertEquals(SinceLastRun.UNCHANGED, details.get(findings.indexOf(passing)).sinceLastRun());
    }

    @Test
    void aPreviousRunWithoutDetailsDatesWhatItHadToItsOwnStart() {
        Finding old = find("idc_assignments_to_groups_only", "assignment", Status.FAIL);
        List<Finding> before = findings.stream().filter(f -> f != old).toList();
        List<FindingDetail> details = details(new FindingDetails.PreviousRun("2026-11-21T03-00-00Z", BEFORE, before, List.of()));
        assertEquals(SinceLastRun.NEW_FAILURE, details.get(findings.indexOf(old)).sinceLastRun());
        assertEquals("2026-11-28T03-00-00Z", details.get(findings.indexOf(old)).firstSeenRun());
        Finding other = find("sync_deprovisioned_users_removed", "okta_user", Status.FAIL);
        assertEquals("2026-11-21T03-00-00Z", details.get(findings.indexOf(other)).firstSeenRun());
        assertEquals(BEFORE, details.get(findings.indexOf(other)).firstSeenAt());
    }

    @Test
    void permissionSetFindingsOfARunKeyedByNameAreStillTheSameFindings() {
        List<Finding> ps = findings.stream().filter(f -> f.resource().type().equals("permission_set")).toList();
        assertFalse(ps.isEmpty());
        assertTrue(ps.stream().allMatch(f -> f.resource().id().startsWith("arn:aws:sso:::permissionSet/")), "keyed by ARN");
        // A run of idaudit 0.1 keyed them by name (id) and showed the ARN as the name.
        List<Finding> before = findings.stream().map(f -> f.resource().type().equals("permission_set")
                ? new Finding(f.ruleId(), f.title(), f.status(), f.severity(),
                        new Finding.Resource("permission_set", f.resource().name(), f.resource().id(), null), f.reason(), f.remediation(),
                        f.frameworks(), f.waiver())
                : f).toList();
        List<FindingDetail> details = details(new FindingDetails.PreviousRun("2026-11-21T03-00-00Z", BEFORE, before, List.of()));
        for (Finding f : ps) {
            FindingDetail d = details.get(findings.indexOf(f));
            assertEquals(f.status() == Status.FAIL ? SinceLastRun.STILL_FAILING : SinceLastRun.UNCHANGED, d.sinceLastRun(), f.toString());
            assertEquals("2026-11-21T03-00-00Z", d.firstSeenRun(), f.toString());
        }
        assertTrue(dev.idaudit.drift.FindingsDelta.compare(before, findings).isEmpty(), "the change of key is no change");
    }

    private static Finding withStatus(Finding f, Status s) {
        return new Finding(f.ruleId(), f.title(), s, f.severity(), f.resource(), f.reason(), f.remediation(), f.frameworks(), f.waiver());
    }

    // The jq subset the evidence paths use: .a.b, [], | select(.k == "v" and ...), chained with |.
    private static final Pattern STEP = Pattern.compile("\\s*(?:\\|\\s*)?(select\\(([^)]*)\\)|(\\.[A-Za-z]+)+(\\[\\])?)");
    private static final Pattern CONDITION = Pattern.compile("\\.([A-Za-z]+) == (\"(?:[^\"\\\\]|\\\\.)*\")");

    /** What a jq program of that subset outputs for {@code root}. */
    static List<JsonNode> select(JsonNode root, String program) {
        List<JsonNode> current = List.of(root);
        Matcher m = STEP.matcher(program);
        int at = 0;
        while (at < program.length()) {
            assertTrue(m.find(at) && m.start() == at, "not the jq subset the evidence uses: " + program.substring(at));
            List<JsonNode> next = new ArrayList<>();
            if (m.group(2) != null) {
                for (JsonNode n : current) {
                    boolean all = true;
                    Matcher c = CONDITION.matcher(m.group(2));
                    int conditions = 0;
                    while (c.find()) {
                        conditions++;
                        all &= n.path(c.group(1)).isTextual() && n.path(c.group(1)).asText().equals(unquote(c.group(2)));
                    }
                    assertTrue(conditions > 0, m.group(2));
                    if (all) {
                        next.add(n);
                    }
                }
            } else {
                String fields = m.group(1).endsWith("[]") ? m.group(1).substring(0, m.group(1).length() - 2) : m.group(1);
                for (JsonNode n : current) {
                    JsonNode v = n;
                    for (String field : fields.substring(1).split("\\.")) {
                        v = v.path(field);
                    }
                    if (m.group(4) != null) {
                        v.forEach(next::add);
                    } else if (!v.isMissingNode() && !v.isNull()) {
                        next.add(v);
                    }
                }
            }
            current = next;
            at = m.end();
        }
        return current;
    }

    private static String unquote(String literal) {
        try {
            return Json.json().readValue(literal, String.class);
        } catch (Exception e) {
            throw new AssertionError(literal, e);
        }
    }
}
