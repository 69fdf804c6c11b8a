package dev.idaudit.cli;

import dev.idaudit.util.BadInputException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code idaudit <subcommand>}. */
@Command(
        name = "idaudit",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Audits an Okta -> AWS IAM Identity Center setup and reports drift.",
        subcommands = {RunCommand.class, DemoCommand.class, CollectCommand.class, CheckCommand.class, DiffCommand.class,
                DriftCommand.class, ReportCommand.class, EvidenceCommand.class, RulesCommand.class, DoctorCommand.class, ReviewCommand.class,
                SandboxCommand.class, CommandLine.HelpCommand.class})
public final class IdAuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new IdAuditCommand());
        cl.setOut(out);
        cl.setErr(err);
        Map<String, String> exitCodes = Arrays.stream(ExitCode.values())
                .collect(Collectors.toMap(c -> "  " + c.code, c -> c.meaning, (a, b) -> a, LinkedHashMap::new));
        // The root lists every code; each command lists those it returns (its exitCodeList).
        cl.getCommandSpec().usageMessage().exitCodeListHeading(ExitCode.HEADING).exitCodeList(exitCodes);
        cl.setExitCodeExceptionMapper(t -> t instanceof BadInputException ? ExitCode.BAD_INPUT.code : ExitCode.INCOMPLETE.code);
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("idaudit: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'idaudit " + ex.getCommandLine().getCommandName() + " --help'.");
            return ExitCode.BAD_INPUT.code;
        });
        return cl;
    }
}
