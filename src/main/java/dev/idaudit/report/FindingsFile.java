package dev.idaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * findings.json with every finding explained (docs/findings.md): the {@link CheckResult} as the
 * check wrote it, each finding carrying its rule's risk, remediation steps and framework
 * requirements, and its own {@link FindingDetail} (accounts, first seen, since the last run,
 * evidence). idaudit reads such a file back as a {@link CheckResult}, which ignores those fields.
 */
public final class FindingsFile {
    private FindingsFile() {}

    /**
     * What explains the findings of a check.
     *
     * @param details in the order of the result's findings (empty: the findings are written unexplained)
     */
    public record Explanation(List<FindingDetail> details, List<RuleInfo> rules) {
        public Explanation {
            details = List.copyOf(details);
            rules = List.copyOf(rules);
        }
    }

    public static String json(CheckResult result, Explanation explanation) {
        try {
            return writer().writeValueAsString(tree(result, explanation));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes findings.json atomically. */
    public static void write(CheckResult result, Explanation explanation, Path file) throws IOException {
        JsonNode tree = tree(result, explanation);
        ReportFiles.writeAtomically(file, os -> writer().writeValue(os, tree));
    }

    private static JsonNode tree(CheckResult result, Explanation explanation) {
        ObjectMapper json = Json.json();
        ObjectNode root;
        try {
            root = (ObjectNode) json.readTree(writer().writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (explanation.details().size() != result.findings().size()) {
            return root;
        }
        Map<String, RuleInfo> rules = new HashMap<>();
        explanation.rules().forEach(r -> rules.putIfAbsent(r.id(), r));
        var nodes = root.withArray("findings");
        for (int i = 0; i < result.findings().size(); i++) {
            Finding f = result.findings().get(i);
            FindingDetail d = explanation.details().get(i);
            ObjectNode n = (ObjectNode) nodes.get(i);
            RuleInfo rule = rules.get(f.ruleId());
            n.put("fingerprint", d.fingerprint());
            n.set("accounts", json.valueToTree(d.accounts()));
            n.put("risk", rule == null ? null : rule.risk());
            n.set("remediationSteps", json.valueToTree(rule == null ? null : rule.fix()));
            n.set("requirements", json.valueToTree(rule == null ? List.of() : rule.requirements()));
            n.put("firstSeenRun", d.firstSeenRun());
            n.set("firstSeenAt", json.valueToTree(d.firstSeenAt()));
            n.set("sinceLastRun", json.valueToTree(d.sinceLastRun()));
            n.set("evidence", json.valueToTree(d.evidence()));
        }
        return root;
    }

    /** Map keys sorted (frameworks), as {@link CheckResult} writes them, so the same findings give the same bytes. */
    private static com.fasterxml.jackson.databind.ObjectWriter writer() {
        return Json.json().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }
}
