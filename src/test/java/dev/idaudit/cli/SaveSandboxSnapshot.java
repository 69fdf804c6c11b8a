package dev.idaudit.cli;

import dev.idaudit.collect.Progress;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.Snapshot;
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
        SnapshotIO.write(collect(fast), Path.of(args[1]));
    }

    /** A scenario's snapshot as the real collectors read it from the sandbox (for tests outside this package). */
    public static Snapshot collect(Scenario scenario) {
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            return Collector.fromSandbox(sandbox, Progress.SILENT);
        }
    }
}
