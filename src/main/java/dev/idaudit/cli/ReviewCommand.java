package dev.idaudit.cli;

import dev.idaudit.review.Campaign;
import dev.idaudit.review.Campaigns;
import dev.idaudit.review.ClosePack;
import dev.idaudit.util.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code idaudit review start|status|import|close}: an access review campaign on a filed run (docs/access-review.md). */
@Command(name = "review", exitCodeListHeading = ExitCode.HEADING, exitCodeList = {ExitCode.USAGE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Access review campaigns: reviewers decide Keep, Revoke or Change on every access path of a filed run.",
        subcommands = {ReviewCommand.Start.class, ReviewCommand.Status.class, ReviewCommand.Import.class, ReviewCommand.Close.class})
public final class ReviewCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: start, status, import or close");
    }

    @Command(name = "start", exitCodeListHeading = ExitCode.HEADING,
            exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Starts a campaign on a filed run (its manifest must verify): writes campaign.json, campaign.key and",
                    "one workbook per reviewer under DIR/to-review/."})
    public static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A filed run, e.g. idaudit-runs/2026-12-07T06-00-00Z.")
        Path run;

        @Option(names = "--owners", required = true, paramLabel = "FILE", description = "owners.yaml: who reviews what.")
        Path owners;

        @Option(names = "--due", required = true, paramLabel = "DATE", description = "Due date, YYYY-MM-DD.")
        String due;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The campaign directory to create.")
        Path out;

        @Override
        public Integer call() throws Exception {
            LocalDate dueDate;
            try {
                dueDate = LocalDate.parse(due);
            } catch (DateTimeParseException e) {
                throw new BadInputException("--due: '" + due + "' is not a date (YYYY-MM-DD)");
            }
            Campaign c = Campaigns.start(run, owners, dueDate, out, Clock.systemUTC());
            PrintWriter o = spec.commandLine().getOut();
            o.println("Campaign " + c.id() + " on run " + c.runId() + ": " + c.items().size() + " access paths, "
                    + c.reviewers().size() + " reviewers, due " + c.due());
            for (Campaigns.ReviewerStatus s : Campaigns.status(c)) {
                o.println("  " + s.reviewer() + ": " + s.items() + " items, " + out.resolve(Campaigns.TO_REVIEW)
                        .resolve(Campaigns.workbookName(s.reviewer())));
            }
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "status", exitCodeListHeading = ExitCode.HEADING,
            exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Per reviewer, decided and open items, and whether the due date has passed.")
    public static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The campaign directory.")
        Path dir;

        @Override
        public Integer call() {
            Campaign c = Campaign.read(dir);
            PrintWriter o = spec.commandLine().getOut();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            o.println("Campaign " + c.id() + " on run " + c.runId() + ", due " + c.due()
                    + (c.closed() != null ? ", closed " + c.closed().closedAt() : today.isAfter(c.due()) ? " (OVERDUE)" : ""));
            int open = 0;
            for (Campaigns.ReviewerStatus s : Campaigns.status(c)) {
                o.println("  " + s.reviewer() + ": " + s.decided() + " decided, " + s.open() + " open of " + s.items());
                open += s.open();
            }
            o.println(open == 0 ? "Every item is decided." : open + " items open.");
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "import", exitCodeListHeading = ExitCode.HEADING,
            exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Imports returned workbooks, all or none: a workbook of another campaign, an edited locked cell or row,",
                    "a missing or invalid decision, or a workbook of the wrong reviewer is refused (exit 2) naming sheet and row.",
                    "A reviewer's re-imported workbook replaces their decisions; the earlier ones stay in the history."})
    public static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The campaign directory.")
        Path dir;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "WORKBOOK", description = "Returned .xlsx workbooks.")
        List<Path> workbooks;

        @Override
        public Integer call() throws Exception {
            Campaign c = Campaigns.importWorkbooks(dir, workbooks, Clock.systemUTC());
            PrintWriter o = spec.commandLine().getOut();
            List<Campaign.Import> latest = c.imports().subList(c.imports().size() - workbooks.size(), c.imports().size());
            for (Campaign.Import i : latest) {
                o.println("Imported " + i.workbook() + " (" + i.reviewer() + "): " + i.decisions().size() + " decisions, sha256 "
                        + i.workbookSha256());
            }
            o.println(c.open().size() + " items open.");
            return ExitCode.CLEAN.code;
        }
    }

    @Command(name = "close", exitCodeListHeading = ExitCode.HEADING,
            exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Writes the evidence pack to DIR/closed/: review.html, decisions.xlsx, revocations.csv,",
                    "remediation-plan.txt (printed, never run) and manifest.json. Open items need --force."})
    public static final class Close implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The campaign directory.")
        Path dir;

        @Option(names = "--force", description = "Close with open items; the pack lists them as open.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            ClosePack.Result r = ClosePack.close(dir, force, Clock.systemUTC());
            PrintWriter o = spec.commandLine().getOut();
            o.println("Closed " + r.campaign().id() + ": " + r.revocations() + " revocations, " + r.campaign().closed().openItemIds().size()
                    + " items open" + (r.campaign().closed().forced() ? " (closed with --force)" : ""));
            o.println("Evidence pack: " + r.packDir().toAbsolutePath());
            return ExitCode.CLEAN.code;
        }
    }
}
