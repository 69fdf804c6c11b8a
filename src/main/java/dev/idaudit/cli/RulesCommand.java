package dev.idaudit.cli;

import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RuleDefinition;
import dev.idaudit.rules.RuleDocs;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.RuleTests;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
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
        name = "rules",
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the rules: id, severity, title.")
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
                o.println(p.rules().size() + " rules, pack " + p.version() + " " + p.digest());
            }
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one rule: what it checks, why, how to fix it.")
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
            o.println(d.id() + " [" + r.severity().lower() + "]");
            o.println(d.title());
            o.println();
            o.println(d.description().strip());
            o.println();
            o.println("Risk: " + d.risk().strip());
            o.println();
            o.println("Remediation: " + d.remediation().text().strip());
            for (int i = 0; i < d.remediation().console().size(); i++) {
                o.println("  " + (i + 1) + ". " + d.remediation().console().get(i));
            }
            if (d.remediation().url() != null) {
                o.println("  " + d.remediation().url());
            }
            if (!d.params().isEmpty()) {
                o.println();
                o.println("Parameters (rules.params." + d.id() + "):");
                d.params().forEach((n, prm) -> o.println("  " + n + " = " + prm.defaultValue() + ": " + prm.description()));
            }
            o.println();
            o.println("Frameworks: " + d.frameworks());
            o.println("Requires: " + r.requires());
            o.println("Source: " + r.file());
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
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
            o.println(mine.rules().size() + " rules valid; " + run + " test cases, " + failed + " failed");
            if (failed > 0) {
                spec.commandLine().getErr().println("idaudit: " + failed + " rule test cases failed");
                return ExitCode.BAD_INPUT.code;
            }
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "docs", mixinStandardHelpOptions = true,
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
            spec.commandLine().getOut().println("wrote " + written.size() + " files to " + out);
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
