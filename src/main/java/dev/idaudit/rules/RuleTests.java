package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule's test file ({@code rules/<id>.test.yaml}): small snapshot fixtures and the findings
 * each must give. Used by the JUnit test factory and by {@code idaudit rules validate}, so a
 * user's own rules are tested the same way.
 *
 * <pre>
 * base:                     # snapshot fields shared by every case (partial: the rest is empty)
 *   okta: {awsApps: [...]}
 * cases:
 *   - name: fails when the app is inactive
 *     snapshot: {...}       # merged over base: maps merge, lists and values replace
 *     params: {maxDays: 5}  # optional parameter overrides
 *     review: [...]         # optional: an access review's Revoke decisions given beside the snapshot
 *                           # (dev.idaudit.model.Views.ReviewDecision fields), as run --review does
 *     expect:               # exactly these findings, in any order
 *       - {id: 0oa1, status: FAIL, reason: "inactive"}   # reason: a substring, optional
 * </pre>
 *
 * Fixtures default {@code schemaVersion} to 1 and {@code metadata.finishedAt} (the audit's "now")
 * to {@link #DEFAULT_NOW}.
 */
public final class RuleTests {
    public static final String DEFAULT_NOW = "2026-11-01T00:00:00Z";

    private RuleTests() {}

    /** One case of a test file; {@link #run()} returns null when it passes, else what went wrong. */
    public record Case(String ruleId, String name, String where, Set<Status> expectedStatuses, Check check) {
        public String run() {
            return check.run();
        }
    }

    @FunctionalInterface
    public interface Check {
        String run();
    }

    private record Expectation(String id, Status status, String reason) {}

    /** The cases of {@code rule}'s test file; the file must exist and parse. */
    public static List<Case> cases(Rule rule, Path testFile) {
        String text;
        if (!Files.isRegularFile(testFile)) {
            throw new BadInputException(testFile + ": rule " + rule.id() + " has no test file");
        }
        text = TextFiles.read(testFile, testFile.toString(), "rule test file");
        JsonNode root;
        try {
            root = Json.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(testFile + ":" + Rule.line(e) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        SourceLines lines = SourceLines.of(text);
        if (root == null || !root.path("cases").isArray()) {
            throw new BadInputException(testFile + ": a rule test file needs cases: [...]");
        }
        JsonNode base = root.path("base").isObject() ? root.get("base") : Json.yaml().createObjectNode();
        List<Case> out = new ArrayList<>();
        JsonNode cases = root.get("cases");
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String where = testFile + ":" + lines.line("/cases/" + i);
            String name = c.path("name").asText("case " + (i + 1));
            List<Expectation> expected = new ArrayList<>();
            for (JsonNode e : c.path("expect")) {
                try {
                    expected.add(new Expectation(e.path("id").asText(null), Status.valueOf(e.path("status").asText()),
                            e.path("reason").asText(null)));
                } catch (IllegalArgumentException ex) {
                    throw new BadInputException(where + ": expect status must be one of " + List.of(Status.values()));
                }
            }
            if (expected.isEmpty() && !c.path("expectNone").asBoolean(false)) {
                throw new BadInputException(where + ": case '" + name + "' needs expect: [...] (or expectNone: true)");
            }
            JsonNode snapshotTree = merge(base.deepCopy(), c.path("snapshot"));
            Map<String, Object> params = c.path("params").isObject()
                    ? Json.yaml().convertValue(c.get("params"), Map.class) : Map.of();
            List<dev.idaudit.model.Views.ReviewDecision> review = reviewDecisions(c.path("review"), where);
            Set<Status> statuses = expected.stream().map(Expectation::status)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Status.class)));
            out.add(new Case(rule.id(), name, where, statuses, () -> runCase(rule, snapshotTree, params, review, expected, where)));
        }
        return out;
    }

    private static List<dev.idaudit.model.Views.ReviewDecision> reviewDecisions(JsonNode review, String where) {
        if (review == null || review.isMissingNode() || review.isNull()) {
            return List.of();
        }
        try {
            return List.of(Json.json().treeToValue(review, dev.idaudit.model.Views.ReviewDecision[].class));
        } catch (JsonProcessingException e) {
            throw new BadInputException(where + ": review: " + e.getOriginalMessage(), e);
        }
    }

    private static String runCase(Rule rule, JsonNode tree, Map<String, Object> paramOverrides,
            List<dev.idaudit.model.Views.ReviewDecision> review, List<Expectation> expected, String where) {
        Snapshot snapshot = snapshot(tree, where);
        Map<String, Object> params = new HashMap<>(rule.defaultParams());
        params.putAll(paramOverrides);
        for (String name : paramOverrides.keySet()) {
            if (!rule.definition().params().containsKey(name)) {
                return where + ": rule " + rule.id() + " has no parameter '" + name + "'";
            }
        }
        var model = dev.idaudit.model.AuditModel.of(snapshot).withReview(review);
        List<Finding> got = rule.evaluate(model, ModelBindings.of(model), params, rule.severity());
        List<Finding> unmatched = new ArrayList<>(got);
        List<String> problems = new ArrayList<>();
        for (Expectation e : expected) {
            Finding hit = unmatched.stream().filter(f -> f.status() == e.status()
                    && (e.id() == null || e.id().equals(f.resource().id()))
                    && (e.reason() == null || f.reason().contains(e.reason()))).findFirst().orElse(null);
            if (hit == null) {
                problems.add("expected " + e.status() + " on " + e.id() + (e.reason() == null ? "" : " with reason containing '" + e.reason() + "'"));
            } else {
                unmatched.remove(hit);
            }
        }
        for (Finding f : unmatched) {
            problems.add("unexpected " + f.status() + " on " + f.resource().id());
        }
        if (problems.isEmpty()) {
            return null;
        }
        return where + ": " + String.join("; ", problems) + "\n  got:\n" + got.stream()
                .map(f -> "    " + f.status() + " " + f.resource().id() + ": " + f.reason()).collect(Collectors.joining("\n"));
    }

    /** A fixture tree as a snapshot, through the real reader (so fixtures obey the snapshot schema). */
    static Snapshot snapshot(JsonNode tree, String where) {
        ObjectNode root = tree.isObject() ? (ObjectNode) tree : Json.json().createObjectNode();
        if (!root.has("schemaVersion")) {
            root.put("schemaVersion", Snapshot.CURRENT_SCHEMA_VERSION);
        }
        ObjectNode md = root.has("metadata") ? (ObjectNode) root.get("metadata") : root.putObject("metadata");
        if (!md.has("finishedAt")) {
            md.put("finishedAt", DEFAULT_NOW);
        }
        try {
            byte[] json = Json.json().writeValueAsBytes(root);
            return SnapshotIO.read(new ByteArrayInputStream(json), where);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deep merge: objects merge key by key, anything else in {@code over} replaces. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (over == null || over.isMissingNode() || over.isNull()) {
            return base;
        }
        if (!base.isObject() || !over.isObject()) {
            return over.deepCopy();
        }
        ObjectNode out = (ObjectNode) base;
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = out.get(e.getKey());
            out.set(e.getKey(), existing == null ? e.getValue().deepCopy() : merge(existing, e.getValue()));
        }
        return out;
    }
}
