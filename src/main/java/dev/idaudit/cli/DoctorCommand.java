package dev.idaudit.cli;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.collect.PreflightCheck;
import dev.idaudit.collect.aws.AwsPreflight;
import dev.idaudit.collect.okta.OktaPreflight;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "doctor", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"  0:a full collection would succeed", ExitCode.USAGE, "  3:a permission is missing or a check failed"}, mixinStandardHelpOptions = true,
        description = {"Checks that every permission a collection needs is granted, and prints what to add.",
                "Tries each Okta scope and endpoint, each AWS action with the caller's credentials, the member role in each account",
                "and each action there. Prints what is missing with the IAM policy statement or Okta scope to add.",
                "Exits 0 only when a full collection would succeed, else 3 (2 for a config error)."})
public final class DoctorCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    CollectCommand.Source source;

    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (a table, then the fixes) or json (every check with its fix); default: ${DEFAULT-VALUE}.")
    Format format;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<PreflightCheck> checks = source.sandbox != null ? sandbox(source.sandbox) : live(source.config);
        boolean passed = checks.stream().allMatch(c -> c.result().passes());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.json().writeValueAsString(Map.of("passed", passed, "checks", checks)));
            out.flush();
        } else {
            print(checks, out);
        }
        return passed ? ExitCode.CLEAN.code : ExitCode.INCOMPLETE.code;
    }

    private List<PreflightCheck> live(Path configFile) {
        IdAuditConfig config = ConfigLoader.load(configFile);
        Collector.requireBothSides(config, configFile);
        List<PreflightCheck> checks = new ArrayList<>(new OktaPreflight(config.okta()).run());
        checks.addAll(new AwsPreflight(config.aws()).run());
        return checks;
    }

    private static List<PreflightCheck> sandbox(String scenario) {
        try (Sandbox sandbox = Sandbox.start(Scenario.load(scenario))) {
            List<PreflightCheck> checks = new ArrayList<>(new OktaPreflight(sandbox.oktaConfig()).run());
            checks.addAll(AwsPreflight.withStaticKeys(sandbox.awsConfig(), Sandbox.AWS_ACCESS_KEY_ID,
                    Secret.of(Sandbox.AWS_SECRET_ACCESS_KEY)).run());
            return checks;
        }
    }

    /** A table of every check, then the fix of each one that is missing. */
    static void print(List<PreflightCheck> checks, PrintWriter out) {
        int whereWidth = width(checks.stream().map(PreflightCheck::where).toList(), "WHERE");
        int checkWidth = width(checks.stream().map(PreflightCheck::check).toList(), "CHECK");
        String row = "%-" + whereWidth + "s  %-" + checkWidth + "s  %-11s  %s%n";
        out.printf(row, "WHERE", "CHECK", "RESULT", "DETAIL");
        for (PreflightCheck c : checks) {
            out.printf(row, c.where(), c.check(), c.result(), c.detail().replaceAll("\\s+", " "));
        }
        List<PreflightCheck> missing = checks.stream().filter(c -> c.fix() != null).toList();
        long failed = checks.stream().filter(c -> !c.result().passes()).count();
        out.println();
        if (failed == 0) {
            out.println("All " + checks.size() + " checks passed: a collection can read everything it needs.");
        } else {
            out.println(failed + " of " + checks.size() + " checks failed: a collection would be incomplete.");
        }
        if (!missing.isEmpty()) {
            out.println();
            out.println("To fix:");
            // One fix often answers several checks (a scope covers several endpoints): each is shown once.
            Map<String, List<String>> checksByFix = new LinkedHashMap<>();
            missing.forEach(c -> checksByFix.computeIfAbsent(c.fix(), f -> new ArrayList<>()).add(c.where() + "  " + c.check()));
            checksByFix.forEach((fix, fixed) -> {
                out.println();
                out.println("* " + String.join(", ", fixed) + ": " + fix);
            });
        }
        out.flush();
    }

    private static int width(List<String> values, String heading) {
        return Math.max(heading.length(), values.stream().mapToInt(String::length).max().orElse(0));
    }
}
