package dev.idaudit.report;

import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules a report describes: the pack's metadata, plus any rule that produced findings
 * without metadata (described from its findings), so no finding ever points at a missing rule.
 */
public record RuleCatalog(List<RuleInfo> rules, Map<String, RuleInfo> byId) {

    public static final Comparator<RuleInfo> ORDER =
            Comparator.comparing((RuleInfo r) -> r.severity() == null ? Severity.NONE : r.severity()).thenComparing(RuleInfo::id);

    public static RuleCatalog of(ReportInput input) {
        Map<String, RuleInfo> byId = new LinkedHashMap<>();
        input.rules().forEach(r -> byId.put(r.id(), r));
        for (Finding f : input.findings()) {
            byId.computeIfAbsent(f.ruleId(), id -> new RuleInfo(id, f.title(), f.severity(), null, f.remediation(),
                    f.frameworks()));
        }
        List<RuleInfo> rules = new ArrayList<>(byId.values());
        rules.sort(ORDER);
        return new RuleCatalog(List.copyOf(rules), Map.copyOf(byId));
    }

    public RuleInfo get(String id) {
        return byId.get(id);
    }
}
