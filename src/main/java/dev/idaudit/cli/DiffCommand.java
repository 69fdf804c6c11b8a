package dev.idaudit.cli;

import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.drift.JsonRendering;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.drift.TextRendering;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code idaudit diff OLD NEW}: what was added, removed and changed between two snapshots. */
@Command(
        name = "diff", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE},
        mixinStandardHelpOptions = true,
        description = {"Compares two snapshots: entities added, removed and changed, with before and after.",
                "With the findings of both runs (--old-findings, --new-findings) it adds how the findings moved: "
                        + "new, resolved, still failing, newly waived, waiver expired."})
public final class DiffCommand implements Callable<Integer> {

    /** The output formats of diff and drift. */
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "OLD", description = "the earlier snapshot (.json or .json.gz)")
    Path oldSnapshot;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later snapshot")
    Path newSnapshot;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @CommandLine.ArgGroup(exclusive = false)
    Findings findings;

    /** The findings of both runs (findings.json written by check): the diff then adds how they moved. */
    static final class Findings {
        @Option(names = "--old-findings", required = true, paramLabel = "FILE", description = "findings.json of the OLD snapshot")
        Path before;

        @Option(names = "--new-findings", required = true, paramLabel = "FILE", description = "findings.json of the NEW snapshot")
        Path after;
    }

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Snapshot before = SnapshotIO.read(oldSnapshot);
        Snapshot after = SnapshotIO.read(newSnapshot);
        SnapshotDiff diff = SnapshotDiff.compare(before, after);
        if (findings != null) {
            diff = diff.withFindings(FindingsDelta.compare(CheckResult.read(findings.before).findings(),
                    CheckResult.read(findings.after).findings()));
        }
        var out = spec.commandLine().getOut();
        out.print(format == Format.json ? JsonRendering.of(diff) : TextRendering.diff(diff));
        out.flush();
        return ExitCode.CLEAN.code;
    }
}
