package dev.idaudit.report.sarif;

import static dev.idaudit.report.Text.orEmpty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.report.FindingKey;
import dev.idaudit.report.Incompleteness;
import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.Reporter;
import dev.idaudit.report.RuleCatalog;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 for code-scanning tools (GitHub's upload-sarif). FAIL findings are results;
 * WAIVED findings are results with an external suppression carrying the waiver's reason;
 * NOT_EVALUATED and ERROR findings, and collection issues, are tool notifications, because
 * they say what the run could not check rather than what is wrong. PASS findings are left
 * out. Each result has a fingerprint from the rule and the resource only, so an alert keeps
 * its identity across runs.
 */
public final class SarifReporter implements Reporter {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String FINGERPRINT_KEY = "idauditFinding/v1";
    /** Where the evidence of each result lives in the run directory. */
    static final String SNAPSHOT_ARTIFACT = "snapshot.json.gz";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String format() {
        return "sarif";
    }

    @Override
    public String defaultFileName() {
        return "findings.sarif";
    }

    @Override
    public void write(ReportInput input, Path out) throws IOException {
        ObjectNode sarif = toSarif(input);
        ReportFiles.writeAtomically(out, os -> Json.json().writeValue(os, sarif));
    }

    ObjectNode toSarif(ReportInput input) {
        RuleCatalog catalog = RuleCatalog.of(input);
        ObjectNode root = NODES.objectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "idaudit");
        driver.put("version", input.run().toolVersion());
        if (input.docsUrl() != null) {
            driver.put("informationUri", input.docsUrl());
        }
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (RuleInfo rule : catalog.rules()) {
            ruleIndex.put(rule.id(), ruleIndex.size());
            rules.add(rule(rule, input.ruleDocsUri(rule.id())));
        }

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        if (input.run().startedAt() != null) {
            invocation.put("startTimeUtc", input.run().startedAt().toString());
        }
        if (input.run().finishedAt() != null) {
            invocation.put("endTimeUtc", input.run().finishedAt().toString());
        }
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        Incompleteness inc = Incompleteness.of(input);
        if (inc.incomplete()) {
            // First, as the other reports' banner: the results below are not the whole picture.
            notifications.addObject().put("level", "warning").putObject("message")
                    .put("text", Incompleteness.TITLE + ": " + inc.headline());
        }
        for (CollectionIssue issue : input.collectionIssues()) {
            ObjectNode n = notifications.addObject();
            n.put("level", "warning");
            n.putObject("message").put("text", "Not collected: " + issue.section()
                    + (issue.accountId() == null ? "" : " in account " + issue.accountId())
                    + (issue.appId() == null ? "" : " for app " + issue.appId())
                    + " (" + issue.api() + ": " + issue.error() + ") " + orEmpty(issue.message()));
        }

        ArrayNode results = run.putArray("results");
        input.findings().stream().sorted(ReportSummary.REPORT_ORDER).forEach(f -> {
            switch (f.status()) {
                case FAIL, WAIVED -> results.add(result(f, ruleIndex.get(f.ruleId())));
                case NOT_EVALUATED, ERROR -> {
                    ObjectNode n = notifications.addObject();
                    n.put("level", f.status() == Status.ERROR ? "error" : "warning");
                    n.putObject("message").put("text", f.status() + " " + FindingKey.resourceKey(f.resource()) + ": " + orEmpty(f.reason()));
                    ObjectNode descriptor = n.putObject("associatedRule");
                    descriptor.put("id", f.ruleId());
                    descriptor.put("index", ruleIndex.get(f.ruleId()));
                }
                case PASS -> { }
            }
        });
        return root;
    }

    /** @param helpUri the rule's page under the documentation address; null when none is set (no link) */
    private static ObjectNode rule(RuleInfo rule, String helpUri) {
        ObjectNode r = NODES.objectNode();
        r.put("id", rule.id());
        r.put("name", pascalCase(rule.id()));
        r.putObject("shortDescription").put("text", orEmpty(rule.title()));
        r.putObject("fullDescription").put("text", rule.description() != null ? rule.description() : orEmpty(rule.title()));
        if (helpUri != null) {
            r.put("helpUri", helpUri);
        }
        ObjectNode help = r.putObject("help");
        help.put("text", "Remediation: " + orEmpty(rule.remediation()));
        r.putObject("defaultConfiguration").put("level", level(rule.severity()));
        ObjectNode props = r.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        tags.add("security");
        new TreeMap<>(rule.frameworks()).forEach((framework, requirements) ->
                requirements.forEach(req -> tags.add(framework + ":" + req)));
        if (rule.severity() != null && rule.severity() != Severity.NONE) {
            props.put("security-severity", securitySeverity(rule.severity()));
            props.put("severity", rule.severity().lower());
        }
        return r;
    }

    private static ObjectNode result(Finding f, int ruleIndex) {
        ObjectNode r = NODES.objectNode();
        r.put("ruleId", f.ruleId());
        r.put("ruleIndex", ruleIndex);
        r.put("kind", "fail");
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", orEmpty(f.reason()));
        ObjectNode location = r.putArray("locations").addObject();
        location.putObject("physicalLocation").putObject("artifactLocation").put("uri", SNAPSHOT_ARTIFACT);
        ObjectNode logical = location.putArray("logicalLocations").addObject();
        Finding.Resource res = f.resource();
        logical.put("name", FindingKey.displayName(res));
        logical.put("fullyQualifiedName", FindingKey.resourceKey(res));
        logical.put("kind", res == null || res.type() == null ? "resource" : res.type());
        r.putObject("partialFingerprints").put(FINGERPRINT_KEY, FindingKey.fingerprint(f));
        if (f.status() == Status.WAIVED && f.waiver() != null) {
            ObjectNode suppression = r.putArray("suppressions").addObject();
            suppression.put("kind", "external");
            suppression.put("status", "accepted");
            suppression.put("justification", orEmpty(f.waiver().reason())
                    + (f.waiver().expires() == null ? "" : " (until " + f.waiver().expires() + ")"));
        }
        ObjectNode props = r.putObject("properties");
        props.put("status", f.status().name());
        if (res != null) {
            props.put("resourceType", res.type());
            props.put("resourceId", res.id());
            props.put("accountId", res.accountId());
        }
        return r;
    }

    /** SARIF levels: critical and high are errors, medium a warning, low a note. */
    static String level(Severity s) {
        if (s == null) {
            return "warning";
        }
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, NONE -> "note";
        };
    }

    /** GitHub code scanning maps this 0-10 score onto its critical/high/medium/low. */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW, NONE -> "3.0";
        };
    }

    static String pascalCase(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }


}
