package dev.idaudit.cli;

import dev.idaudit.audit.Audit;
import dev.idaudit.audit.Gate;
import dev.idaudit.audit.TextSummary;
import dev.idaudit.audit.Verdict;
import dev.idaudit.report.FindingsFile;
import dev.idaudit.rules.CheckResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code idaudit check}: evaluates a stored snapshot offline and gates on the findings. */
@Command(
        name = "check", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.AUDIT_CLEAN, ExitCode.AUDIT_FINDINGS, ExitCode.USAGE, ExitCode.AUDIT_INCOMPLETE},
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Evaluates a snapshot against the rule pack (offline, no credentials) and prints a summary.",
            "Exits 1 when a FAIL at or above --fail-on remains; 3 when the snapshot has collection issues or rules were not",
            "evaluated (unless --allow-incomplete) or a rule failed, even when failures reach --fail-on."
        })
public final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "Snapshot to check (.json or .json.gz).")
    Path snapshot;

    @Option(names = "--config", paramLabel = "FILE", description = "idaudit.yaml; its rules: section sets params, severities, enabled rules.")
    Path config;

    @Option(names = "--waivers", paramLabel = "FILE", description = "waivers.yaml: accepted risks that turn matching FAILs into WAIVED.")
    Path waivers;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "Exit 1 when a FAIL at or above this remains: critical, high, medium, low or none (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text (default) or json on stdout.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the findings (JSON, docs/findings.md) to this file.")
    Path out;

    @Option(names = "--rules", paramLabel = "DIR", description = "A directory of your own rule files, added to the built-in pack (repeatable).")
    List<Path> ruleDirs = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "RUN_DIR_OR_FINDINGS",
            description = "Fail only on findings that are not in this earlier run (or findings.json); the summary still lists all.")
    Path baseline;

    @Option(names = "--allow-incomplete", description = "Do not exit 3 when data was not collected or rules were NOT_EVALUATED.")
    boolean allowIncomplete;

    @Option(names = "--quiet", description = "Print only the totals and the verdict.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also list passing findings; show stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Gate gate = new Gate(Gate.severity(failOn), baseline == null ? null : Gate.readBaseline(baseline), allowIncomplete);
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not '" + format + "'");
        }
        Audit audit = Audit.prepare(config, waivers, ruleDirs, LocalDate.now(ZoneOffset.UTC));
        Audit.Checked checked = audit.check(audit.readSnapshot(snapshot));
        CheckResult result = checked.result();
        Verdict verdict = checked.verdict(gate);
        FindingsFile.Explanation explanation = out != null || format.equals("json") ? audit.explain(checked) : null;
        if (out != null) {
            FindingsFile.write(result, explanation, out);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (format.equals("json")) {
            o.println(FindingsFile.json(result, explanation));
        } else {
            new TextSummary(o, Ansi.enabled(), quiet, verbose).print(result, verdict, out);
        }
        o.flush();
        return ExitCode.of(verdict).code;
    }

    /** Colour only on a terminal, and never with NO_COLOR or TERM=dumb. */
    static final class Ansi {
        static boolean enabled() {
            return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        }
    }
}
