package dev.idaudit.rules;

import dev.idaudit.model.AuditModel;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * A measuring harness, not a test: times {@code check} of a scenario's snapshot, per rule and
 * in total, on a snapshot file (write one with dev.idaudit.cli.SaveSandboxSnapshot).
 * Run: {@code java -cp target/classes:target/test-classes:CLASSPATH dev.idaudit.rules.CheckProfile SNAPSHOT [FINDINGS_OUT]};
 * with FINDINGS_OUT it writes the findings (rule, resource, status, reason), one a line, instead of timing.
 */
public final class CheckProfile {
    public static void main(String[] args) throws Exception {
        Snapshot snapshot = SnapshotIO.read(Path.of(args[0]));
        RuleEngine engine = new RuleEngine(RulePack.builtIn());
        if (args.length > 1) {
            // Findings as lines, to compare two versions of the engine on the same snapshot.
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (Finding f : engine.check(snapshot, Waivers.NONE, LocalDate.of(2026, 11, 28)).findings()) {
                lines.add(f.ruleId() + "\t" + f.resource().id() + "\t" + f.status() + "\t" + f.reason());
            }
            java.nio.file.Files.write(Path.of(args[1]), lines);
            return;
        }
        long t0 = System.nanoTime();
        AuditModel model = AuditModel.of(snapshot);
        java.util.function.Function<String, Object> vars = ModelBindings.of(model);
        System.out.printf("model %.2f s%n", (System.nanoTime() - t0) / 1e9);
        for (Rule rule : engine.pack().rules()) {
            long s = System.nanoTime();
            int n = rule.evaluate(model, vars, new HashMap<>(rule.defaultParams()), rule.severity()).size();
            System.out.printf("%-55s %6d findings %8.2f s%n", rule.id(), n, (System.nanoTime() - s) / 1e9);
        }
        for (int run = 1; run <= 3; run++) {
            System.gc();
            long c = System.nanoTime();
            int total = engine.check(snapshot, Waivers.NONE, LocalDate.now(ZoneOffset.UTC)).findings().size();
            System.out.printf("check run %d: %d findings %.2f s%n", run, total, (System.nanoTime() - c) / 1e9);
        }
    }
}
