package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.idaudit.report.ReportSummary.FrameworkCoverage;
import dev.idaudit.report.ReportSummary.RequirementStatus;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportSummaryTest {
    private final ReportSummary s = ReportSummary.of(ReportFixtures.input());

    @Test
    void countsStatusesAndFailuresBySeverity() {
        assertEquals(9, s.total());
        assertEquals(4, s.count(Status.FAIL));
        assertEquals(1, s.failures(Severity.CRITICAL));
        assertEquals(2, s.failures(Severity.HIGH));
        assertEquals(0, s.failures(Severity.LOW), "the LOW rule's findings are NOT_EVALUATED and ERROR, not failures");
        assertEquals("28.6%", s.passRateText(), "2 PASS of 7 evaluated (a waiver is not a pass)");
    }

    @Test
    void aRuleWithoutFindingsIsNotEvaluatedAndRulesAreOrderedBySeverity() {
        assertEquals(List.of("sync_deprovisioned_users_removed", "org_all_features_enabled", "sync_no_orphan_identity_center_users",
                "idc_permission_set_session_duration_within_limit", "iam_reserved_sso_role_used_recently"),
                s.rules().stream().map(r -> r.rule().id()).toList());
        assertEquals(Status.NOT_EVALUATED, s.rules().get(1).overall());
        assertEquals(Status.ERROR, s.rules().get(4).overall(), "an ERROR outweighs a NOT_EVALUATED");
    }

    @Test
    void frameworkCoverageCountsEvaluatedAndPassingRequirements() {
        FrameworkCoverage cis = s.frameworks().stream().filter(f -> f.key().equals("cis_aws")).findFirst().orElseThrow();
        assertEquals(2, cis.requirements());
        assertEquals(0, cis.requirementsEvaluated(), "1.1 has no result, 1.12 is in error");
        assertEquals(List.of(new RequirementStatus("1.1", List.of("org_all_features_enabled"), Status.NOT_EVALUATED),
                new RequirementStatus("1.12", List.of("iam_reserved_sso_role_used_recently"), Status.ERROR)), cis.details());
        FrameworkCoverage soc2 = s.frameworks().stream().filter(f -> f.key().equals("soc2")).findFirst().orElseThrow();
        assertEquals(3, soc2.requirements());
        assertEquals(3, soc2.requirementsEvaluated());
        assertEquals(0, soc2.requirementsPassing());
        assertEquals("SOC 2 (2017 TSC)", soc2.name());
    }

    @Test
    void noEvaluatedFindingMeansNoPassRate() {
        ReportInput in = ReportFixtures.input();
        ReportSummary empty = ReportSummary.of(new ReportInput(in.run(), in.snapshot(), List.of(), in.rules(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of()));
        assertNull(empty.passRate());
        assertEquals("n/a", empty.passRateText());
        assertEquals(Status.NOT_EVALUATED, empty.rules().get(0).overall());
    }
}
