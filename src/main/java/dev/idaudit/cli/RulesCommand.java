package dev.idaudit.cli;

import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RuleDefinition;
import dev.idaudit.rules.RuleDocs;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.RuleTests;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import dev.idaudit.util.Plural;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code idaudit rules list|show|validate|docs}: read, check and document rules, your own included. */
@Command(
        name = "rules", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.USAGE},
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Lists, shows, validates and documents rules.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Show.class, RulesCommand.Validate.class, RulesCommand.Docs.class})
public final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: list, show, validate or docs");
    }

    @Command(name = "list", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, description = "Lists the rules: id, severity, title.")
    static final class ListRules implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        PackOptionsMixin pack;

        @Option(names = "--format", defaultValue = "text", description = "text (default) or json.")
        String format;

        @Override
        public Integer call() throws Exception {
            RulePack p = pack.load();
            PrintWriter o = spec.commandLine().getOut();
            if (format.equals("json")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Rule r : p.rules()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", r.id());
                    row.put("severity", r.severity().lower());
                    row.put("title", r.title());
                    row.put("frameworks", r.definition().frameworks());
                    rows.add(row);
                }
                o.println(Json.json().writeValueAsString(rows));
            } else {
                int width = p.rules().stream().mapToInt(r -> r.id().length()).max().orElse(10);
                for (Rule r : p.rules()) {
                    o.printf("%-" + width + "s  %-8s  %s%n", r.id(), r.severity().lower(), r.title());
                }
                o.println(Plural.count(p.rules().size(), "rule", "rules") + ", pack " + p.version() + " " + p.digest());
            }
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "show", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, description = "Shows one rule: what it checks, why, how to fix it.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        PackOptionsMixin pack;

        @Parameters(paramLabel = "ID", description = "The rule id.")
        String id;

        @Override
        public Integer call() {
            RulePack p = pack.load();
            Rule r = p.rule(id).orElseThrow(() -> new BadInputException("no rule '" + id + "' (see 'idaudit rules list')"));
            RuleDefinition d = r.definition();
            PrintWriter o = spec.commandLine().getOut();
            o.println(d.id() + "  (" + r.severity().lower() + ")");
            o.println(d.title());
            o.println();
            section(o, "What it checks", d.description());
            section(o, "Risk", d.risk());
            o.println("How to fix it:");
            lines(o, d.remediation().text());
            for (int i = 0; i < d.remediation().console().size(); i++) {
                o.println("  " + (i + 1) + ". " + d.remediation().console().get(i).strip());
            }
            if (d.remediation().url() != null) {
                o.println("  See " + d.remediation().url());
            }
            if (!d.params().isEmpty()) {
                o.println();
                o.println("Parameters (set in idaudit.yaml under rules.params." + d.id() + "):");
                d.params().forEach((n, prm) -> o.println("  " + n + " (default " + readable(prm.defaultValue()) + "): " + prm.description()));
            }
            if (!d.frameworks().isEmpty()) {
                o.println();
                o.println("Frameworks:");
                d.frameworks().forEach((fw, reqs) -> o.println("  " + fw + ": " + String.join(", ", reqs)));
            }
            o.println();
            o.println("Reads (snapshot sections; when one is not collected the rule is NOT_EVALUATED):");
            r.requires().forEach(alternatives -> o.println("  " + String.join(" or ", alternatives)));
            o.println();
            o.println("Defined in " + r.file());
            return ExitCode.CLEAN.code;
        }
    }

    /** A heading, its text indented under it, and a blank line. */
    private static void section(PrintWriter o, String heading, String text) {
        if (text != null && !text.isBlank()) {
            o.println(heading + ":");
            lines(o, text);
            o.println();
        }
    }

    private static void lines(PrintWriter o, String text) {
        if (text != null) {
            text.strip().lines().forEach(l -> o.println(l.isBlank() ? "" : "  " + l.strip()));
        }
    }

    /** A parameter's value as a person writes it: a list as "a, b", a map as "k: v, ...", an empty one as "none". */
    static String readable(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return c.isEmpty() ? "none" : c.stream().map(RulesCommand::readable).collect(java.util.stream.Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> m) {
            return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + ": " + readable(e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    @Command(name = "validate", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"  0:every rule loads and every test case passes", "  2:a rule does not load or a test case failed; or a usage error", ExitCode.FAILURE}, mixinStandardHelpOptions = true,
            description = "Loads the rules in DIR (with the built-in pack, so ids may not clash) and runs their <id>.test.yaml files.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Directory of rule files.")
        Path dir;

        @Override
        public Integer call() {
            RulePack mine = RulePack.directory(dir);
            if (!Files.exists(dir.resolve("pack.yaml"))) {
                RulePack.load(List.of(dir)); // your rules' ids must not clash with the built-in pack
            }
            PrintWriter o = spec.commandLine().getOut();
            int failed = 0;
            int run = 0;
            for (Rule r : mine.rules()) {
                Path test = dir.resolve(r.id() + ".test.yaml");
                if (!Files.exists(test)) {
                    o.println(r.id() + ": valid (no " + test.getFileName() + ")");
                    continue;
                }
                for (RuleTests.Case c : RuleTests.cases(r, test)) {
                    run++;
                    String problem = c.run();
                    if (problem != null) {
                        failed++;
                        o.println("FAILED " + r.id() + " / " + c.name() + ": " + problem);
                    }
                }
                o.println(r.id() + ": valid");
            }
            // A warning, not an error: such a rule is right and quick on a small org; the runtime
            // budget (rules.budget) stops it where the org is too large for it.
            for (Rule r : mine.rules()) {
                r.costWarnings().forEach(w -> o.println("WARNING " + r.id() + ": " + w));
            }
            o.println(Plural.count(mine.rules().size(), "rule", "rules") + " valid; " + Plural.count(run, "test case", "test cases")
                    + ", " + failed + " failed");
            if (failed > 0) {
                spec.commandLine().getErr().println("idaudit: " + Plural.count(failed, "rule test case", "rule test cases") + " failed");
                return ExitCode.BAD_INPUT.code;
            }
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "docs", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true,
            description = "Writes <id>.md per rule, README.md and frameworks.md (the framework matrix) into --out.")
    static final class Docs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        PackOptionsMixin pack;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (e.g. docs/rules).")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<Path> written = RuleDocs.write(pack.load(), out);
            spec.commandLine().getOut().println("wrote " + Plural.count(written.size(), "file", "files") + " to " + out);
            return ExitCode.CLEAN.code;
        }
    }

    /** Picocli mixin carrying {@link PackOptions}. */
    public static final class PackOptionsMixin {
        @Option(names = "--rules", paramLabel = "DIR", description = "A directory of your own rule files, added to the built-in pack (repeatable).")
        List<Path> dirs = new ArrayList<>();

        RulePack load() {
            return RulePack.load(dirs);
        }
    }
}
