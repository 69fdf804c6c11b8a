package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Each command's --help lists the exit codes that command returns, and only those. */
class ExitCodeHelpTest {

    /** The codes a command's help lists, e.g. [0, 2, 3]. */
    private static Set<Integer> listed(String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(Arrays.asList(command));
        args.add("--help");
        assertEquals(0, Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                args.toArray(String[]::new)));
        String help = out.toString(StandardCharsets.UTF_8);
        int at = help.indexOf("Exit codes");
        assertTrue(at >= 0, "no exit codes in: " + help);
        Set<Integer> codes = new TreeSet<>();
        for (String line : help.substring(at).split("\\R")) {
            if (line.matches("\\s+\\d\\s+\\S.*")) {
                codes.add(Integer.parseInt(line.strip().substring(0, 1)));
            }
        }
        return codes;
    }

    @Test
    void eachCommandListsOnlyTheCodesItReturns() {
        assertEquals(Set.of(0, 1, 2, 3), listed("check"));
        assertEquals(Set.of(0, 1, 2, 3), listed("run"));
        assertEquals(Set.of(0, 2, 3), listed("demo"), "demo exits 0 whatever it finds");
        assertEquals(Set.of(0, 2, 3), listed("rules", "show"));
        assertEquals(Set.of(0, 2, 3), listed("rules", "validate"));
        assertEquals(Set.of(0, 1, 2, 3), listed("evidence", "verify"));
        assertEquals(Set.of(0, 2, 3), listed("collect"));
        assertEquals(Set.of(0, 2, 3), listed("doctor"));
        assertEquals(Set.of(2), listed("rules"), "a command group only says its usage is wrong");
        assertEquals(Set.of(0, 1, 2, 3), listed(), "the root lists every code");
    }

    @Test
    void everyCommandHasItsOwnListOfKnownCodes() {
        CommandLine root = IdAuditCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Set<Integer> known = Arrays.stream(ExitCode.values()).map(c -> c.code).collect(Collectors.toSet());
        List<String> without = new ArrayList<>();
        walk(root, (name, list) -> {
            if (list.isEmpty()) {
                without.add(name);
            }
            list.keySet().forEach(k -> assertTrue(known.contains(Integer.parseInt(k.strip())), name + " lists an unknown code " + k));
        });
        assertEquals(List.of(), without, "commands whose --help lists no exit codes");
    }

    private static void walk(CommandLine cl, java.util.function.BiConsumer<String, Map<String, String>> visit) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                visit.accept(sub.getCommandSpec().qualifiedName(), sub.getCommandSpec().usageMessage().exitCodeList());
                walk(sub, visit);
            }
        });
    }
}
