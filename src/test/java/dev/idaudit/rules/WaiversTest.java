package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaiversTest {
    static final LocalDate TODAY = LocalDate.parse("2026-11-01");

    /** Compiled once: compiling the built-in pack takes seconds. */
    static final RulePack PACK = RulePack.builtIn();

    static Finding fail(String rule, String id) {
        return new Finding(rule, "t", Status.FAIL, Severity.HIGH, new Finding.Resource("assignment", id, id, null), "bad", "fix",
                Map.of(), null);
    }

    static Waivers waivers(String body) {
        return Waivers.parse("waivers:\n" + body, "waivers.yaml", TODAY);
    }

    @Test
    void waivesAMatchingFailAndKeepsTheReason() {
        Waivers w = waivers("""
                  - {rule: r_a_b, resource: "333333333333/*/legacy-admins", reason: Migration, owner: sec@x, ticket: SEC-1, expires: 2027-01-31}
                """);
        Waivers.Applied a = w.apply(List.of(fail("r_a_b", "333333333333/Admin/legacy-admins"), fail("r_a_b", "444444444444/Admin/x")), TODAY);
        assertEquals(Status.WAIVED, a.findings().get(0).status());
        assertEquals("bad", a.findings().get(0).reason());
        assertEquals(new Finding.WaiverRef("Migration", "sec@x", "SEC-1", "2027-01-31", false), a.findings().get(0).waiver());
        assertEquals(Status.FAIL, a.findings().get(1).status());
        assertTrue(a.stale().isEmpty());
    }

    static final String PS_ARN = "arn:aws:sso:::permissionSet/ssoins-1/ps-0a1b";

    static Finding permissionSetFail(String rule) {
        return new Finding(rule, "t", Status.FAIL, Severity.MEDIUM, new Finding.Resource("permission_set", PS_ARN, "SecurityAudit", null),
                "bad", "fix", Map.of(), null);
    }

    @Test
    void aWaiverWrittenAgainstAPermissionSetsNameStillMatchesAndSaysWhichArnToWrite() {
        Waivers w = waivers("""
                  - {rule: idc_permission_set_in_use, resource: SecurityAudit, reason: DR, owner: o, ticket: SEC-7, expires: 2027-01-31}
                """);
        Waivers.Applied a = w.apply(List.of(permissionSetFail("idc_permission_set_in_use")), TODAY);
        assertEquals(Status.WAIVED, a.findings().get(0).status());
        assertTrue(a.stale().isEmpty());
        assertEquals(List.of("waivers.yaml:2: waiver for idc_permission_set_in_use matches 'SecurityAudit' by the permission set's name; "
                + "findings are keyed by its ARN since rule pack 1.1 and matching by name stops in rule pack 2.0: write resource: \""
                + PS_ARN + "\""), a.warnings());
    }

    @Test
    void aWaiverWrittenAgainstTheArnMatchesWithoutWarning() {
        Waivers w = waivers("""
                  - {rule: idc_permission_set_in_use, resource: "arn:aws:sso:::permissionSet/*/ps-0a1b", reason: DR, owner: o, ticket: SEC-7, expires: 2027-01-31}
                """);
        Waivers.Applied a = w.apply(List.of(permissionSetFail("idc_permission_set_in_use")), TODAY);
        assertEquals(Status.WAIVED, a.findings().get(0).status());
        assertEquals(List.of(), a.warnings());
    }

    @Test
    void onlyPermissionSetFindingsMatchByName() {
        Waivers w = waivers("""
                  - {rule: r_a_b, resource: shown-name, reason: R, owner: o, ticket: T, expires: 2027-01-01}
                """);
        Finding other = new Finding("r_a_b", "t", Status.FAIL, Severity.HIGH, new Finding.Resource("assignment", "id-1", "shown-name", null),
                "bad", "fix", Map.of(), null);
        Waivers.Applied a = w.apply(List.of(other), TODAY);
        assertEquals(Status.FAIL, a.findings().get(0).status());
        assertEquals(1, a.stale().size());
    }

    @Test
    void anExpiredWaiverLeavesTheFailAndSaysSo() {
        Waivers w = waivers("""
                  - {rule: r_a_b, resource: x, reason: Old, owner: o, ticket: SEC-2, expires: 2026-10-31}
                """);
        Finding f = w.apply(List.of(fail("r_a_b", "x")), TODAY).findings().get(0);
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.waiver().expired());
        assertTrue(f.reason().contains("waiver SEC-2 expired on 2026-10-31"), f.reason());
    }

    @Test
    void aWaiverThatMatchesNothingIsStale() {
        Waivers w = waivers("""
                  - {rule: r_a_b, resource: gone, reason: R, owner: o, ticket: T, expires: 2027-01-01}
                """);
        Waivers.Applied a = w.apply(List.of(fail("r_a_b", "x")), TODAY);
        assertEquals(1, a.stale().size());
        assertEquals("waivers.yaml:2", a.stale().get(0).where());
    }

    @Test
    void rejectsWaiversWithoutExpiryOrTooFarAheadWithTheirLine() {
        BadInputException none = assertThrows(BadInputException.class, () -> waivers("""
                  - {rule: r_a_b, resource: x, reason: R, owner: o, ticket: T, expires: 2027-01-01}
                  - {rule: r_a_b, resource: y, reason: R, owner: o, ticket: T}
                """));
        assertTrue(none.getMessage().startsWith("waivers.yaml:3: waiver for r_a_b needs expires"), none.getMessage());
        BadInputException far = assertThrows(BadInputException.class, () -> waivers("""
                  - rule: r_a_b
                    resource: x
                    reason: R
                    owner: o
                    ticket: T
                    expires: 2028-01-01
                """));
        assertTrue(far.getMessage().startsWith("waivers.yaml:7: waiver for r_a_b expires 2028-01-01, more than 365 days"), far.getMessage());
        BadInputException owner = assertThrows(BadInputException.class, () -> waivers("""
                  - {rule: r_a_b, resource: x, reason: R, ticket: T, expires: 2027-01-01}
                """));
        assertTrue(owner.getMessage().contains("needs owner"), owner.getMessage());
        BadInputException typo = assertThrows(BadInputException.class, () -> waivers("""
                  - {rule: r_a_b, resource: x, reason: R, owner: o, ticket: T, expires: 2027-01-01, expiry: 2027-01-01}
                """));
        assertTrue(typo.getMessage().startsWith("waivers.yaml:2:"), typo.getMessage());
    }

    @Test
    void rejectsAWaiverForAnUnknownRule() {
        Waivers w = waivers("""
                  - {rule: no_such_rule, resource: x, reason: R, owner: o, ticket: T, expires: 2027-01-01}
                """);
        assertTrue(assertThrows(BadInputException.class, () -> w.validate(PACK)).getMessage()
                .contains("unknown rule 'no_such_rule'"));
    }
    @Test
    void refusesAWaiverCoveringEveryResourceOfACriticalRuleWithoutAcknowledgementAtItsLine() {
        for (String glob : List.of("*", "**", "?*")) {
            Waivers w = waivers("""
                      - {rule: idc_permission_set_in_use, resource: x, reason: R, owner: o, ticket: T, expires: 2027-01-01}
                      - rule: sync_deprovisioned_users_removed
                        resource: "%s"
                        reason: R
                        owner: o
                        ticket: T
                        expires: 2027-01-01
                    """.formatted(glob));
            String message = assertThrows(BadInputException.class, () -> w.validate(PACK)).getMessage();
            assertTrue(message.startsWith("waivers.yaml:3: waiver for sync_deprovisioned_users_removed (critical) has resource \"" + glob
                    + "\", which matches every resource"), message);
            assertTrue(message.contains("add acknowledgeAllResources: true"), message);
        }
    }

    @Test
    void anAcknowledgedAllResourcesWaiverApplies() {
        Waivers w = waivers("""
                  - {rule: sync_deprovisioned_users_removed, resource: "*", reason: R, owner: o, ticket: T, expires: 2027-01-01, acknowledgeAllResources: true}
                  - {rule: iam_reserved_sso_role_used_recently, resource: "*", reason: R, owner: o, ticket: T, expires: 2027-01-01}
                """);
        w.validate(PACK); // acknowledged; and a low rule needs no acknowledgement
        assertTrue(assertThrows(BadInputException.class, () -> w.validate(PACK, r -> Severity.HIGH)).getMessage()
                .startsWith("waivers.yaml:3: waiver for iam_reserved_sso_role_used_recently (high)"), "a low rule raised to high in idaudit.yaml");
        assertTrue(w.list().get(0).matchesAllResources() && w.list().get(0).acknowledgeAllResources());
        Waivers.Applied a = w.apply(List.of(fail("sync_deprovisioned_users_removed", "u-1")), TODAY);
        assertEquals(Status.WAIVED, a.findings().get(0).status());
        assertFalse(waivers("""
                  - {rule: r_a_b, resource: "arn:*", reason: R, owner: o, ticket: T, expires: 2027-01-01}
                """).list().get(0).matchesAllResources(), "a glob with a fixed part names some resources, not all");
    }

    @Test
    void refusesYamlAliasesAndUnknownFieldsAtTheirLine() {
        BadInputException alias = assertThrows(BadInputException.class, () -> waivers("""
                  - &w {rule: r_a_b, resource: x, reason: R, owner: o, ticket: T, expires: 2027-01-01}
                  - *w
                """));
        assertTrue(alias.getMessage().startsWith("waivers.yaml:2: YAML anchors and aliases"), alias.getMessage());
        BadInputException typo = assertThrows(BadInputException.class, () -> waivers("""
                  - {rule: r_a_b, resource: x, reason: R, owner: o, ticket: T, expires: 2027-01-01, acknowledgeAll: true}
                """));
        assertTrue(typo.getMessage().contains("unknown key 'acknowledgeAll'"), typo.getMessage());
    }
}
