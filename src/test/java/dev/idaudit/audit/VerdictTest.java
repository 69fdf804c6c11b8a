package dev.idaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static Finding finding(String rule, Status status, Severity severity, String account) {
        return new Finding(rule, "title", status, severity, new Finding.Resource("account", account, account, account), "reason", "fix",
                Map.of(), null);
    }

    private static final List<CollectionIssue> ROLE_REFUSED = List.of(
            new CollectionIssue(Sections.AWS_MEMBER_ACCOUNTS, "222222222222", null, "sts:AssumeRole", "AccessDenied", "refused"),
            new CollectionIssue(Sections.AWS_MEMBER_ACCOUNTS, "333333333333", null, "sts:AssumeRole", "AccessDenied", "refused"));

    private static CheckResult result(Finding... findings) {
        return new CheckResult(CheckResult.FORMAT_VERSION, "test", new CheckResult.RulePackRef("test", "sha256:0"), null, null, null,
                List.of(findings), List.of());
    }

    private static final CheckResult FAILING_AND_NOT_EVALUATED = result(
            finding("idc_admin_permission_sets_restricted", Status.FAIL, Severity.HIGH, "111111111111"),
            finding("idc_admin_permission_sets_restricted", Status.FAIL, Severity.HIGH, "444444444444"),
            finding("iam_no_unused_reserved_sso_roles", Status.NOT_EVALUATED, Severity.LOW, "222222222222"));

    @Test
    void anIncompleteAuditIsIncompleteEvenWhenFailuresReachTheGateAndSaysBoth() {
        Verdict v = Verdict.of(new Gate(Severity.HIGH, null, false), ROLE_REFUSED, FAILING_AND_NOT_EVALUATED);
        assertEquals(Verdict.Outcome.INCOMPLETE, v.outcome());
        assertEquals("INCOMPLETE: not collected: aws.memberAccounts (2 accounts); 1 rule NOT_EVALUATED; "
                + "2 failures at or above high", v.lastLine());
    }

    @Test
    void withFailOnNoneAnIncompleteAuditIsNeverDone() {
        Verdict v = Verdict.of(new Gate(Severity.NONE, null, false), ROLE_REFUSED, FAILING_AND_NOT_EVALUATED);
        assertEquals(Verdict.Outcome.INCOMPLETE, v.outcome());
        assertTrue(v.lastLine().startsWith("INCOMPLETE: ") && v.lastLine().endsWith("failures not gated (--fail-on none)"), v.lastLine());
    }

    @Test
    void allowIncompleteGatesOnFailuresAndStillNamesWhatIsMissing() {
        Verdict v = Verdict.of(new Gate(Severity.HIGH, null, true), ROLE_REFUSED, FAILING_AND_NOT_EVALUATED);
        assertEquals(Verdict.Outcome.FINDINGS, v.outcome());
        assertEquals("FAILED: 2 failures at or above high; but the audit is incomplete: not collected: aws.memberAccounts (2 accounts); "
                + "1 rule NOT_EVALUATED", v.lastLine());
    }

    @Test
    void aRuleThatFailedIsIncompleteEvenWithAllowIncomplete() {
        CheckResult r = result(finding("idc_admin_permission_sets_restricted", Status.FAIL, Severity.HIGH, "111111111111"),
                new Finding("org_scp_restricts_regions", "t", Status.ERROR, Severity.LOW, new Finding.Resource("rule", "x", "x", null),
                        "rule failed", "fix", Map.of(), null));
        Verdict v = Verdict.of(new Gate(Severity.HIGH, null, true), List.of(), r);
        assertEquals(Verdict.Outcome.INCOMPLETE, v.outcome());
        assertEquals("INCOMPLETE: 1 rule failed (ERROR); 1 failure at or above high", v.lastLine());
    }

    @Test
    void aCompleteAuditGatesOnFailuresOnly() {
        CheckResult passing = result(finding("idc_admin_permission_sets_restricted", Status.PASS, Severity.HIGH, "111111111111"),
                finding("idc_permission_set_in_use", Status.FAIL, Severity.LOW, "111111111111"));
        assertEquals(Verdict.Outcome.CLEAN, Verdict.of(new Gate(Severity.HIGH, null, false), new ArrayList<>(), passing).outcome());
        assertEquals("OK: no failures at or above high", Verdict.of(new Gate(Severity.HIGH, null, false), List.of(), passing).lastLine());
        assertEquals(Verdict.Outcome.FINDINGS, Verdict.of(new Gate(Severity.LOW, null, false), List.of(), passing).outcome());
    }
}
