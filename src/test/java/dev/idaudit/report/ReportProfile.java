package dev.idaudit.report;

import dev.idaudit.model.AuditModel;
import dev.idaudit.report.html.HtmlReporter;
import dev.idaudit.report.xlsx.XlsxReporter;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A measuring harness, not a test: times each stage of rendering the HTML and Excel reports of a
 * snapshot file (write one with dev.idaudit.cli.SaveSandboxSnapshot), three times in one JVM.
 * Run: {@code java -cp target/classes:target/test-classes:CLASSPATH dev.idaudit.report.ReportProfile SNAPSHOT OUT_DIR}.
 */
public final class ReportProfile {
    public static void main(String[] args) throws Exception {
        Snapshot snapshot = SnapshotIO.read(Path.of(args[0]));
        Path dir = Files.createDirectories(Path.of(args[1]));
        RulePack pack = RulePack.builtIn();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int run = 1; run <= 3; run++) {
            AuditModel model = AuditModel.of(snapshot);
            CheckResult checked = new RuleEngine(pack).check(model, Waivers.NONE, today);
            long t0 = System.nanoTime();
            ReportInput.RunInfo info = new ReportInput.RunInfo("profile", "dev", Instant.now(), Instant.now(), pack.digest(), null,
                    List.of(new ReportInput.Source("snapshot", args[0])), null);
            ReportInput input = ReportInputs.of(info, model, checked, pack, Waivers.NONE, today, List.of());
            long t1 = System.nanoTime();
            new HtmlReporter().write(input, dir.resolve("report.html"));
            long t2 = System.nanoTime();
            new XlsxReporter().write(input, dir.resolve("report.xlsx"));
            long t3 = System.nanoTime();
            System.out.printf("run %d: input %.2f s, html %.2f s (%d bytes), xlsx %.2f s (%d bytes)%n", run, (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, Files.size(dir.resolve("report.html")), (t3 - t2) / 1e9, Files.size(dir.resolve("report.xlsx")));
        }
    }
}
