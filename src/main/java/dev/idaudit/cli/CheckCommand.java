package dev.idaudit.cli;

import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.RuleSettings;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code idaudit check}: evaluates a stored snapshot offline and gates on the findings. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates a snapshot against the rule pack (offline, no credentials) and prints a summary.",
            "Exits 1 when a FAIL at or above --fail-on remains, 3 when rules were not evaluated (unless --allow-incomplete)."
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

    @Option(names = "--allow-incomplete", description = "Do not exit 3 when rules were NOT_EVALUATED.")
    boolean allowIncomplete;

    @Option(names = "--quiet", description = "Print only the totals and the verdict.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also list passing findings; show stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Severity threshold = parseSeverity(failOn);
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not '" + format + "'");
        }
        RuleSettings settings = config == null ? RuleSettings.DEFAULTS : RuleSettings.readConfig(config);
        List<Path> dirs = new ArrayList<>(settings.directories());
        dirs.addAll(ruleDirs);
        RulePack pack = RulePack.load(dirs);
        RuleEngine engine = new RuleEngine(pack, settings, config == null ? "settings" : config.toString());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Waivers accepted = waivers == null ? Waivers.NONE : Waivers.read(waivers, today);
        accepted.validate(pack);
        Snapshot snap = SnapshotIO.read(snapshot);
        CheckResult result = engine.check(snap, accepted, today);
        if (out != null) {
            result.write(out);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (format.equals("json")) {
            o.println(result.toJson());
        } else {
            new TextSummary(o, Ansi.enabled(), quiet, verbose).print(result, threshold, out);
        }
        o.flush();
        return exitCode(result, threshold, allowIncomplete).code;
    }

    static ExitCode exitCode(CheckResult result, Severity threshold, boolean allowIncomplete) {
        if (result.failsAt(threshold)) {
            return ExitCode.FINDINGS;
        }
        boolean errors = result.findings().stream().anyMatch(f -> f.status() == Status.ERROR);
        if (errors || (!allowIncomplete && !result.notEvaluatedRules().isEmpty())) {
            return ExitCode.INCOMPLETE;
        }
        return ExitCode.CLEAN;
    }

    static Severity parseSeverity(String s) {
        try {
            return Severity.valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.idaudit.util.BadInputException("--fail-on must be critical, high, medium, low or none, not '" + s + "'");
        }
    }

    /** Colour only on a terminal, and never with NO_COLOR or TERM=dumb. */
    static final class Ansi {
        static boolean enabled() {
            return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        }
    }

    /** The human summary: totals, failures grouped by rule (most severe first), then what was not evaluated. */
    static final class TextSummary {
        private final PrintWriter o;
        private final boolean colour;
        private final boolean quiet;
        private final boolean verbose;

        TextSummary(PrintWriter o, boolean colour, boolean quiet, boolean verbose) {
            this.o = o;
            this.colour = colour;
            this.quiet = quiet;
            this.verbose = verbose;
        }

        void print(CheckResult r, Severity threshold, Path out) {
            CheckResult.Summary s = r.summary();
            long rules = r.findings().stream().map(Finding::ruleId).distinct().count();
            o.println("idaudit check: " + rules + " rules, " + r.findings().size() + " findings; rule pack " + r.rulePack().version()
                    + " (" + r.rulePack().digest().substring(0, Math.min(19, r.rulePack().digest().length())) + ")");
            o.println("  " + paint("FAIL " + s.byStatus().get(Status.FAIL), "31;1") + " ("
                    + s.failuresBySeverity().entrySet().stream().map(e -> e.getKey().lower() + " " + e.getValue()).collect(Collectors.joining(", "))
                    + ")  " + paint("PASS " + s.byStatus().get(Status.PASS), "32") + "  WAIVED " + s.byStatus().get(Status.WAIVED)
                    + "  NOT_EVALUATED " + s.byStatus().get(Status.NOT_EVALUATED) + "  ERROR " + s.byStatus().get(Status.ERROR));
            if (!quiet) {
                section(r, Status.FAIL, "Failures");
                section(r, Status.ERROR, "Rule errors");
                section(r, Status.NOT_EVALUATED, "Not evaluated (data missing)");
                section(r, Status.WAIVED, "Waived");
                if (verbose) {
                    section(r, Status.PASS, "Passed");
                }
                if (!r.staleWaivers().isEmpty()) {
                    o.println();
                    o.println("Stale waivers (match no failing finding; remove them):");
                    r.staleWaivers().forEach(w -> o.println("  " + clean(w.where()) + " " + clean(w.rule()) + " " + clean(w.resource())
                            + " (" + clean(w.ticket()) + ", owner " + clean(w.owner()) + ")"));
                }
            }
            o.println();
            if (out != null) {
                o.println("Findings written to " + out);
            }
            long gating = r.findings().stream().filter(f -> f.status() == Status.FAIL && f.severity().atLeast(threshold)).count();
            ExitCode code = exitCode(r, threshold, false);
            o.println(gating > 0
                    ? paint("FAILED", "31;1") + ": " + gating + " failures at or above " + threshold.lower()
                    : threshold == Severity.NONE ? "Done (--fail-on none)"
                    : paint("OK", "32;1") + ": no failures at or above " + threshold.lower()
                            + (code == ExitCode.INCOMPLETE ? ", but the audit is incomplete (see above)" : ""));
        }

        private void section(CheckResult r, Status status, String heading) {
            List<Finding> list = r.findings().stream().filter(f -> f.status() == status).toList();
            if (list.isEmpty()) {
                return;
            }
            o.println();
            o.println(heading + ":");
            Map<String, List<Finding>> byRule = new LinkedHashMap<>();
            list.stream().sorted(java.util.Comparator.comparing(Finding::severity).thenComparing(Finding::ruleId))
                    .forEach(f -> byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f));
            byRule.forEach((rule, fs) -> {
                Finding first = fs.get(0);
                o.println("  " + paint(first.severity().name(), colourOf(first.severity())) + " " + rule + ": " + clean(first.title())
                        + " (" + fs.size() + ")");
                for (Finding f : fs) {
                    String account = f.resource().accountId() == null ? "" : " [" + f.resource().accountId() + "]";
                    o.println("    - " + clean(f.resource().name() == null ? f.resource().id() : f.resource().name()) + account
                            + ": " + clean(f.reason()) + (f.waiver() == null ? ""
                            : " {waiver " + clean(f.waiver().ticket()) + ", expires " + f.waiver().expires() + ": " + clean(f.waiver().reason()) + "}"));
                }
                if (status == Status.FAIL) {
                    o.println("    fix: " + clean(first.remediation()));
                }
            });
        }

        private static String colourOf(Severity s) {
            return switch (s) {
                case CRITICAL -> "35;1";
                case HIGH -> "31";
                case MEDIUM -> "33";
                default -> "36";
            };
        }

        private String paint(String text, String code) {
            return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
        }

        /** Data from the snapshot never reaches the terminal as control characters (no escape-sequence injection). */
        static String clean(String s) {
            if (s == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder(s.length());
            s.codePoints().forEach(c -> {
                if (Character.isISOControl(c)) {
                    sb.append(String.format("\\u%04x", c));
                } else {
                    sb.appendCodePoint(c);
                }
            });
            return sb.toString();
        }
    }
}
