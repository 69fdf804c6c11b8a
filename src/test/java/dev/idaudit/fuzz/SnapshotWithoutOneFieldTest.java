package dev.idaudit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.cli.ReportFormats;
import dev.idaudit.drift.DesiredState;
import dev.idaudit.drift.DesiredYaml;
import dev.idaudit.drift.DriftCheck;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.model.AuditModel;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInputs;
import dev.idaudit.report.Reporter;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.SampleSnapshot;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field of a snapshot that has one of every record, set to null and then removed, one at a
 * time: the snapshot is refused as bad input naming the field's path (an identifier, a list
 * element), or it is optional data and every stage that reads a snapshot runs on it: the audit
 * model, the rules, the access matrix, every report, the diff both ways and the drift check.
 */
class SnapshotWithoutOneFieldTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    @Test
    void eachFieldNulledOrRemovedIsAClearErrorOrReadByEveryStage() throws IOException {
        Snapshot valid = SampleSnapshot.sample();
        JsonNode tree = tree(valid);
        RulePack pack = RulePack.builtIn();
        RuleEngine engine = new RuleEngine(pack);
        List<Reporter> reporters = ReportFormats.all(null);
        DesiredState desired = DesiredYaml.read(Files.writeString(dir.resolve("desired.yaml"), """
                version: 1
                permissionSets:
                  - name: ReadOnly
                    managedPolicies: [ReadOnlyAccess]
                assignments:
                  - group: org-DevOps
                    permissionSet: ReadOnly
                    accounts: ["222222222222"]
                pushedGroups: [org-DevOps]
                """));
        List<List<Object>> fields = new ArrayList<>();
        collect(tree, List.of(), fields);
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (List<Object> field : fields) {
            for (boolean remove : new boolean[] {false, true}) {
                JsonNode broken = tree.deepCopy();
                change(broken, field, remove);
                String what = (remove ? "without " : "null ") + path(field);
                Snapshot s;
                try {
                    s = SnapshotIO.read(new ByteArrayInputStream(JSON.writeValueAsBytes(broken)), "s.json");
                } catch (BadInputException e) {
                    refused++;
                    if (!e.getMessage().startsWith("s.json: ") || !(e.getMessage().contains(path(field)) || field.equals(List.of("schemaVersion")))) {
                        failures.add(what + ": the error does not name the field: " + e.getMessage());
                    }
                    continue;
                }
                try {
                    AuditModel model = AuditModel.of(s);
                    CheckResult result = engine.check(model, Waivers.NONE, TODAY);
                    ReportInput input = ReportInputs.of(new ReportInput.RunInfo("run", "test", Instant.EPOCH, Instant.EPOCH, "pack",
                            "config", List.of(), null), model, result, pack, Waivers.NONE, TODAY, List.of());
                    for (Reporter r : reporters) {
                        r.write(input, dir.resolve(r.defaultFileName()));
                    }
                    SnapshotDiff.compare(valid, s);
                    SnapshotDiff.compare(s, valid);
                    DriftCheck.compare(desired, s);
                } catch (Exception | StackOverflowError e) {
                    failures.add(what + ": " + e + " at " + ourFrame(e));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + 2 * fields.size() + " failed:\n" + String.join("\n", failures));
        }
        if (refused == 0 || refused == 2 * fields.size()) {
            throw new AssertionError("expected some fields to be required and others optional; refused " + refused);
        }
    }

    /** Where in our code it was thrown: the first frame of dev.idaudit. */
    private static String ourFrame(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("dev.idaudit.")) {
                return f.toString();
            }
        }
        return "?";
    }

    private static JsonNode tree(Snapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(s, out);
        return JSON.readTree(out.toByteArray());
    }

    /** Every field and list element, as the names and indexes that lead to it. */
    private static void collect(JsonNode node, List<Object> at, List<List<Object>> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                List<Object> field = append(at, it.next());
                out.add(field);
                collect(o.get((String) field.get(field.size() - 1)), field, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                List<Object> element = append(at, i);
                out.add(element);
                collect(a.get(i), element, out);
            }
        }
    }

    private static List<Object> append(List<Object> at, Object step) {
        List<Object> next = new ArrayList<>(at);
        next.add(step);
        return next;
    }

    private static void change(JsonNode root, List<Object> field, boolean remove) {
        JsonNode parent = root;
        for (Object step : field.subList(0, field.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = field.get(field.size() - 1);
        if (parent instanceof ArrayNode a) {
            if (remove) {
                a.remove((Integer) last);
            } else {
                a.set((Integer) last, NullNode.getInstance());
            }
        } else if (remove) {
            ((ObjectNode) parent).remove((String) last);
        } else {
            ((ObjectNode) parent).putNull((String) last);
        }
    }

    /** As SnapshotIO names it: {@code aws.accounts[0].id}, a map key as {@code capabilities["update.profile"]}. */
    private static String path(List<Object> field) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < field.size(); i++) {
            Object step = field.get(i);
            boolean mapKey = i > 0 && "capabilities".equals(field.get(i - 1));
            if (step instanceof Integer index) {
                b.append('[').append(index).append(']');
            } else if (mapKey) {
                b.append("[\"").append(step).append("\"]");
            } else {
                b.append(b.length() == 0 ? "" : ".").append(step);
            }
        }
        return b.toString();
    }
}
