package dev.idaudit.report;

import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.PrincipalKind;
import dev.idaudit.report.ReportInput.ReconciliationRow;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.RunInfo;
import dev.idaudit.report.ReportInput.Side;
import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.report.ReportInput.WaiverState;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Waivers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link ReportInput} from what a run produced: the check's findings, the rule pack's
 * metadata, the waivers, and the audit model's joins (access matrix, reconciliation). The joins
 * themselves live in {@link AuditModel}; this class only turns them into report rows.
 */
public final class ReportInputs {
    private ReportInputs() {}

    public static ReportInput of(RunInfo run, AuditModel model, CheckResult result, RulePack pack, Waivers waivers,
            LocalDate today, List<ChangeRow> changes) {
        return new ReportInput(run, model.snapshot(), result.findings(), rules(pack), waivers(waivers, result, today),
                model.snapshot().collectionIssues(), List.of(), accessMatrix(model), reconciliation(model), changes);
    }

    static List<RuleInfo> rules(RulePack pack) {
        return pack.rules().stream().map(ReportInputs::rule).toList();
    }

    private static RuleInfo rule(Rule r) {
        var d = r.definition();
        return new RuleInfo(r.id(), r.title(), r.severity(), d.description(), r.remediationLine(), d.frameworks(), null);
    }

    /** Every waiver and what it did: STALE when it matched nothing, EXPIRED past its date, else ACTIVE. */
    static List<WaiverInfo> waivers(Waivers waivers, CheckResult result, LocalDate today) {
        List<WaiverInfo> out = new ArrayList<>();
        for (Waivers.Waiver w : waivers.list()) {
            boolean stale = result.staleWaivers().stream().anyMatch(s -> Objects.equals(s.where(), w.where()));
            int matched = (int) result.findings().stream().filter(f -> f.waiver() != null && matches(f.waiver(), w)).count();
            WaiverState state = stale ? WaiverState.STALE : w.expires().isBefore(today) ? WaiverState.EXPIRED : WaiverState.ACTIVE;
            out.add(new WaiverInfo(w.rule(), w.resource(), w.reason(), w.owner(), w.ticket(), w.expires(), state,
                    state == WaiverState.ACTIVE ? matched : 0));
        }
        return out;
    }

    private static boolean matches(Finding.WaiverRef ref, Waivers.Waiver w) {
        return Objects.equals(ref.ticket(), w.ticket()) && Objects.equals(ref.reason(), w.reason())
                && Objects.equals(ref.expires(), w.expires().toString());
    }

    static List<AccessRow> accessMatrix(AuditModel model) {
        Map<String, String> oktaStatusByUser = new HashMap<>();
        model.idcUsers().forEach(u -> {
            if (u.oktaStatus() != null) {
                oktaStatusByUser.put(u.userId(), u.oktaStatus());
            }
        });
        List<AccessRow> rows = new ArrayList<>();
        for (Views.AccessPath p : model.accessMatrix()) {
            rows.add(new AccessRow(p.userName(), p.idcUserId(), oktaStatusByUser.get(p.idcUserId()), p.accountId(), p.accountName(),
                    p.permissionSetName(),
                    p.viaGroupName() != null ? p.viaGroupName() : p.viaGroupId()));
        }
        return rows;
    }

    static List<ReconciliationRow> reconciliation(AuditModel model) {
        List<ReconciliationRow> rows = new ArrayList<>();
        for (Views.IdcUser u : model.idcUsers()) {
            if (u.oktaUserId() == null) {
                rows.add(new ReconciliationRow(PrincipalKind.USER, u.userName(), null, u.userId(), Side.AWS_ONLY,
                        u.externalIds().isEmpty() ? "no ExternalIds: created by hand in the Identity Store"
                                : "matches no Okta user (ExternalIds " + String.join(", ", u.externalIds()) + ")"));
            } else {
                String detail = "ACTIVE".equals(u.oktaStatus()) ? "matched by " + u.joinedBy()
                        : "Okta user is " + u.oktaStatus() + ", Identity Store user is " + u.status();
                rows.add(new ReconciliationRow(PrincipalKind.USER, u.userName(), u.oktaUserId(), u.userId(), Side.BOTH, detail));
            }
        }
        for (Views.OktaUser u : model.oktaOnlyUsers()) {
            rows.add(new ReconciliationRow(PrincipalKind.USER, u.login(), u.id(), null, Side.OKTA_ONLY,
                    "assigned to the AWS app in Okta (" + u.status() + ") but has no Identity Store user"));
        }
        for (Views.IdcGroup g : model.idcGroups()) {
            if (g.oktaGroupId() == null) {
                rows.add(new ReconciliationRow(PrincipalKind.GROUP, g.displayName(), null, g.groupId(), Side.AWS_ONLY,
                        "no Okta group behind it" + (g.assigned() ? "; used by assignments" : "")));
            } else {
                String detail = g.extraMembers().isEmpty() && g.missingMembers().isEmpty() ? "members match"
                        : "members differ: extra in AWS " + g.extraMembers() + ", missing in AWS " + g.missingMembers();
                rows.add(new ReconciliationRow(PrincipalKind.GROUP, g.displayName(), g.oktaGroupId(), g.groupId(), Side.BOTH,
                        g.oktaMembersKnown() ? detail : "Okta members not collected"));
            }
        }
        for (Views.PushMapping m : model.pushMappingsWithoutTarget()) {
            rows.add(new ReconciliationRow(PrincipalKind.GROUP, m.sourceGroupName(), m.sourceGroupId(), m.targetGroupId(),
                    Side.OKTA_ONLY, "pushed by mapping " + m.id() + " (" + m.status() + ") to a group the Identity Store does not have"));
        }
        return rows;
    }
}
