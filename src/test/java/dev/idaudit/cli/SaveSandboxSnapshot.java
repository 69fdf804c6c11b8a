package dev.idaudit.cli;

import dev.idaudit.collect.Progress;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.SnapshotIO;
import java.nio.file.Path;

/**
 * A measuring aid, not a test: collects a sandbox scenario at time scale 60 and writes the
 * snapshot, so dev.idaudit.rules.CheckProfile can time the check without collecting again.
 * Args: scenario, output file.
 */
public final class SaveSandboxSnapshot {
    public static void main(String[] args) throws Exception {
        Scenario loaded = Scenario.load(args[0]);
        Scenario fast = loaded.withSettings(loaded.settings().withTraffic(loaded.settings().traffic().withTimeScale(60)));
        try (Sandbox sandbox = Sandbox.start(fast)) {
            SnapshotIO.write(Collector.fromSandbox(sandbox, Progress.SILENT), Path.of(args[1]));
        }
    }
}
