package dev.idaudit.report;

import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.ChangeType;
import dev.idaudit.report.ReportInput.PrincipalKind;
import dev.idaudit.report.ReportInput.ReconciliationRow;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.RunInfo;
import dev.idaudit.report.ReportInput.Side;
import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.report.ReportInput.WaiverState;
import dev.idaudit.report.ReportInput.FrameworkInfo;
import dev.idaudit.report.ReportInput.RequirementRef;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Framework;
import dev.idaudit.rules.RuleDocs;
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

    /** The input of a run with no previous run and no documentation address. */
    public static ReportInput of(RunInfo run, AuditModel model, CheckResult result, RulePack pack, Waivers waivers,
            LocalDate today, List<ChangeRow> changes) {
        return of(run, model, result, pack, waivers, today, changes, null, null);
    }

    /**
     * @param previous the previous complete run (for first seen and new since then), or null when none
     * @param docsUrl where the rule pages are published ({@code report.docsUrl}), or null
     */
    public static ReportInput of(RunInfo run, AuditModel model, CheckResult result, RulePack pack, Waivers waivers,
            LocalDate today, List<ChangeRow> changes, FindingDetails.PreviousRun previous, String docsUrl) {
        List<dev.idaudit.report.ReportInput.FindingDetail> details = FindingDetails.of(result.findings(), model, pack, run.runId(),
                run.startedAt(), previous);
        return new ReportInput(run, model.snapshot(), result.findings(), rules(pack), waivers(waivers, result, today),
                model.snapshot().collectionIssues(), List.of(), accessMatrix(model), reconciliation(model), changes, details,
                frameworks(pack), docsUrl);
    }

    /** The area of the change rows that are findings that moved (new failure, resolved, ...). */
    public static final String FINDING_AREA = "finding";

    /** The detail of an entity or finding of the previous run that this run could not see. */
    public static final String NOT_COLLECTED = "not collected this run (unknown, not removed or resolved)";

    /**
     * "Changes since the last run": every entity added, removed, changed or not collected, then
     * every finding that moved (new failure, resolved, newly waived, waiver expired, no longer
     * evaluated, not collected).
     */
    public static List<ChangeRow> changes(SnapshotDiff diff) {
        List<ChangeRow> rows = new ArrayList<>();
        for (SnapshotDiff.TypeDiff t : diff.types()) {
            String area = t.type().name().toLowerCase(java.util.Locale.ROOT);
            t.added().forEach(c -> rows.add(new ChangeRow(area, ChangeType.ADDED, c.name(), "")));
            t.removed().forEach(c -> rows.add(new ChangeRow(area, ChangeType.REMOVED, c.name(), "")));
            t.changed().forEach(c -> rows.add(new ChangeRow(area, ChangeType.CHANGED, c.name(), c.fields().stream()
                    .map(f -> f.field() + ": " + shortValue(f.before()) + " → " + shortValue(f.after()))
                    .collect(java.util.stream.Collectors.joining("; ")))));
            t.notCollected().forEach(c -> rows.add(new ChangeRow(area, ChangeType.NOT_COLLECTED, c.name(), NOT_COLLECTED)));
        }
        FindingsDelta f = diff.findings();
        if (f != null) {
            f.newFailures().forEach(c -> rows.add(finding(ChangeType.ADDED, c, "new failure")));
            f.resolved().forEach(c -> rows.add(finding(ChangeType.REMOVED, c, "resolved")));
            f.newlyWaived().forEach(c -> rows.add(finding(ChangeType.CHANGED, c, "newly waived")));
            f.waiverExpired().forEach(c -> rows.add(finding(ChangeType.CHANGED, c, "waiver expired")));
            f.noLongerEvaluated().forEach(c -> rows.add(finding(ChangeType.CHANGED, c, "no longer evaluated (data missing)")));
            f.notCollected().forEach(c -> rows.add(finding(ChangeType.NOT_COLLECTED, c, NOT_COLLECTED)));
        }
        return rows;
    }

    private static ChangeRow finding(ChangeType type, FindingsDelta.FindingChange c, String what) {
        String resource = c.resource() == null ? "" : c.resource().name() != null ? c.resource().name() : c.resource().id();
        String detail = what + (c.before() == null ? "" : ": " + c.before().status()) + (c.after() == null ? "" : " → " + c.after().status());
        return new ChangeRow(FINDING_AREA, type, c.ruleId() + " · " + resource, detail);
    }

    /** Policies are long: the report shows the field changed; the full line diff is in `idaudit diff`. */
    private static String shortValue(String v) {
        if (v == null || v.isEmpty()) {
            return "(none)";
        }
        String flat = v.replaceAll("\\s+", " ");
        return flat.length() > 80 ? flat.substring(0, 77) + "…" : flat;
    }

    /** Every rule of the pack explained: risk, remediation steps, requirements with titles, its page. */
    public static List<RuleInfo> rules(RulePack pack) {
        Map<String, Framework> frameworks = new HashMap<>();
        pack.frameworks().forEach(f -> frameworks.putIfAbsent(f.key(), f));
        return pack.rules().stream().map(r -> rule(r, frameworks)).toList();
    }

    private static RuleInfo rule(Rule r, Map<String, Framework> frameworks) {
        var d = r.definition();
        var rem = d.remediation();
        ReportInput.Remediation fix = rem == null ? null : new ReportInput.Remediation(strip(rem.text()), rem.console(), rem.cli(),
                rem.terraform() == null ? null : rem.terraform().strip(), rem.url() == null ? List.of() : List.of(rem.url()));
        List<RequirementRef> requirements = new ArrayList<>();
        new java.util.TreeMap<>(d.frameworks()).forEach((key, ids) -> {
            Framework fw = frameworks.get(key);
            for (String id : ids) {
                Framework.Requirement req = fw == null ? null : fw.requirements().get(id);
                requirements.add(new RequirementRef(key, fw == null ? Frameworks.displayName(key) : fw.name(),
                        fw == null ? null : fw.version(), id, req == null ? null : req.title()));
            }
        });
        List<String> reads = r.requires().stream().map(alts -> String.join(" | ", alts)).toList();
        return new RuleInfo(r.id(), r.title(), r.severity(), strip(d.description()), r.remediationLine(), d.frameworks(),
                strip(d.risk()), fix, requirements, reads, RuleDocs.page(r));
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /** Every framework file of the pack, requirements in file order. */
    static List<FrameworkInfo> frameworks(RulePack pack) {
        return pack.frameworks().stream().map(f -> new FrameworkInfo(f.key(), f.name(), f.version(), f.url(),
                f.requirements().entrySet().stream()
                        .map(e -> new FrameworkInfo.Requirement(e.getKey(), e.getValue().title(), e.getValue().rules())).toList()))
                .toList();
    }

    /**
     * Every waiver and what it did: STALE when it matched nothing, EXPIRED past its date, else
     * ACTIVE; waivers covering every resource of their rule first (a stable sort keeps file order).
     */
    static List<WaiverInfo> waivers(Waivers waivers, CheckResult result, LocalDate today) {
        List<WaiverInfo> out = new ArrayList<>();
        for (Waivers.Waiver w : waivers.list()) {
            boolean stale = result.staleWaivers().stream().anyMatch(s -> Objects.equals(s.where(), w.where()));
            int matched = (int) result.findings().stream().filter(f -> f.waiver() != null && matches(f.waiver(), w)).count();
            WaiverState state = stale ? WaiverState.STALE : w.expires().isBefore(today) ? WaiverState.EXPIRED : WaiverState.ACTIVE;
            out.add(new WaiverInfo(w.rule(), w.resource(), w.reason(), w.owner(), w.ticket(), w.expires(), state,
                    state == WaiverState.ACTIVE ? matched : 0, w.matchesAllResources()));
        }
        out.sort(java.util.Comparator.comparing(w -> !w.allResources()));
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
            rows.add(new ReconciliationRow(PrincipalKind.GROUP, m.sourceGroupName(), m.sourceGroupId(), null,
                    Side.OKTA_ONLY, "pushed by mapping " + m.id() + " (" + m.status() + ") to Okta group " + m.targetGroupId()
                            + (m.targetGroupName() == null ? " (name not known)" : " '" + m.targetGroupName() + "'")
                            + ", which no Identity Store group is named"));
        }
        return rows;
    }
}
