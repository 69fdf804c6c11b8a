package dev.idaudit.report.xlsx;

import static dev.idaudit.report.Text.orEmpty;

import dev.idaudit.report.FindingKey;
import dev.idaudit.report.Frameworks;
import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.Incompleteness;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.AccountRef;
import dev.idaudit.report.ReportInput.EvidenceFile;
import dev.idaudit.report.ReportInput.EvidenceRef;
import dev.idaudit.report.ReportInput.Explained;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.ReconciliationRow;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.RunInfo;
import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.ReportSummary.FrameworkCoverage;
import dev.idaudit.report.ReportSummary.RuleSummary;
import dev.idaudit.report.Reporter;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * The workbook auditors filter and annotate: a summary, every finding, and the inventory
 * behind them. Written with POI's streaming writer (a window of rows in memory), so 20,000
 * findings or 100,000 assignments cost little memory.
 */
public final class XlsxReporter implements Reporter {

    /** Rows kept in memory per sheet while writing; older rows go to a temporary file. */
    static final int ROW_WINDOW = 200;

    /** The sheets in order, each with what it holds (the summary lists them, linked). */
    private static final Map<String, String> CONTENTS = contents(
            "Summary", "the run, counts by status and severity, framework coverage, and this list",
            "Findings", "every finding, most severe first, with what explains it; its rule links to the Rules sheet"
                    + " (printed without the per-rule columns, which Rules prints)",
            "Findings by Account", "each finding that did not pass, under every AWS account it concerns (a person's finding under"
                    + " each account they reach)",
            "Rules", "each rule: its results in this run, risk, remediation and framework requirements",
            "Waivers", "the waivers and what each matched",
            "Access Matrix", "who reaches which AWS account with which permission set, through which group",
            "Okta vs Identity Store", "Okta users and groups reconciled with Identity Store users and groups",
            "Permission Sets", "the permission sets and their policies",
            "Account Assignments", "the Identity Center assignments as read from AWS",
            "AWS Accounts", "the organization's accounts",
            "Changes Since Last Run", "what changed since the previous run",
            "Evidence Files", "the run's input files and their SHA-256",
            "Collection Issues", "what could not be read, and why");

    public static final List<String> SHEETS = List.copyOf(CONTENTS.keySet());

    private static Map<String, String> contents(String... nameThenWhat) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenWhat.length; i += 2) {
            m.put(nameThenWhat[i], nameThenWhat[i + 1]);
        }
        return m;
    }

    /** A hyperlink location: the cell at {@code cell} of the sheet {@code sheet}. */
    static String location(String sheet, String cell) {
        return "'" + sheet.replace("'", "''") + "'!" + cell;
    }

    /** POI's streaming workbook, written faster: see RunWritingSheetDataWriter, and the zip's level below. */
    private static final class FastWorkbook extends SXSSFWorkbook {
        FastWorkbook() {
            super(ROW_WINDOW);
        }

        @Override
        protected SheetDataWriter createSheetDataWriter() throws IOException {
            return new RunWritingSheetDataWriter();
        }

        /**
         * Deflate's fastest level: on the large scenario's report (190 MB of sheet XML) it halves the
         * time of writing the file (1.9 s to 0.9 s) for a file a fifth larger (15 MB to 18 MB).
         */
        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            return zip;
        }
    }

    @Override
    public String format() {
        return "xlsx";
    }

    @Override
    public String defaultFileName() {
        return "report.xlsx";
    }

    @Override
    public void write(ReportInput input, Path out) throws IOException {
        ReportFiles.writeAtomically(out, os -> {
            SXSSFWorkbook wb = new FastWorkbook();
            try {
                Sheets sheets = new Sheets(wb);
                ReportSummary summary = ReportSummary.of(input);
                // The Rules sheet lists summary.rules() in order below its header: a finding links to its rule's row.
                Map<String, String> ruleRows = new HashMap<>();
                for (int i = 0; i < summary.rules().size(); i++) {
                    ruleRows.put(summary.rules().get(i).rule().id(), location("Rules", "A" + (i + 2)));
                }
                summary(sheets, input, summary);
                List<Explained> explained = new ArrayList<>(input.explained());
                explained.sort(Comparator.comparing(Explained::finding, ReportSummary.REPORT_ORDER));
                findings(sheets, input, explained, ruleRows);
                findingsByAccount(sheets, explained, ruleRows);
                rules(sheets, input, summary);
                waivers(sheets, input.waivers());
                accessMatrix(sheets, input.accessMatrix());
                users(sheets, input.reconciliation());
                AwsSnapshot aws = input.snapshot().aws();
                permissionSets(sheets, aws);
                assignments(sheets, aws);
                accounts(sheets, aws);
                changes(sheets, input.changes());
                evidence(sheets, input.evidence());
                collectionIssues(sheets, input.collectionIssues());
                wb.write(os);
            } finally {
                wb.close(); // also deletes the streaming writer's temporary files
            }
        });
    }

    private static void summary(Sheets sheets, ReportInput input, ReportSummary s) {
        RunInfo run = input.run();
        Sheets.Table t = sheets.free("Summary", 6);
        t.row().styled("idaudit: Okta → AWS IAM Identity Center access audit", sheets.title);
        t.gap();
        Incompleteness inc = Incompleteness.of(input);
        if (inc.incomplete()) {
            // First, so that a partial run is never read as a clean one.
            t.row().styled(Incompleteness.TITLE, sheets.status.get(Status.NOT_EVALUATED)).cell(inc.headline());
            inc.gaps().forEach(g -> t.row().styled("Not collected", sheets.label).cell(g));
            if (!inc.notEvaluatedRules().isEmpty()) {
                t.row().styled("NOT_EVALUATED rules", sheets.label).cell(String.join(", ", inc.notEvaluatedRules()));
            }
            if (!inc.errorRules().isEmpty()) {
                t.row().styled("Failed rules (ERROR)", sheets.label).cell(String.join(", ", inc.errorRules()));
            }
            t.gap();
        }
        t.row().styled("Run", sheets.label).cell(run.runId());
        t.row().styled("Started", sheets.label).cell(str(run.startedAt()));
        t.row().styled("Finished", sheets.label).cell(str(run.finishedAt()));
        t.row().styled("idaudit version", sheets.label).cell(run.toolVersion());
        t.row().styled("Rule pack digest", sheets.label).cell(run.rulePackDigest());
        t.row().styled("Configuration digest (secrets removed)", sheets.label).cell(run.configDigest());
        for (ReportInput.Source src : run.sources()) {
            t.row().styled("Source: " + src.name(), sheets.label).cell(src.location());
        }
        t.row().styled("Previous run", sheets.label).cell(run.previousRunId() == null ? "none" : run.previousRunId());
        t.row().styled("Pass rate (PASS ÷ (PASS + FAIL + WAIVED))", sheets.label).cell(s.passRateText());
        t.gap();
        t.row().styled("Status", sheets.header).styled("Findings", sheets.header);
        for (Status st : Status.values()) {
            t.row().status(st).number(s.count(st));
        }
        t.row().styled("Total", sheets.label).number(s.total());
        t.gap();
        t.row().styled("Severity", sheets.header).styled("Failing findings", sheets.header);
        for (Severity sev : ReportSummary.SEVERITIES) {
            t.row().severity(sev).number(s.failures(sev));
        }
        t.gap();
        t.row().styled("Framework", sheets.header).styled("Requirements", sheets.header).styled("Evaluated", sheets.header)
                .styled("Passing", sheets.header).styled("Coverage %", sheets.header).styled("Passing %", sheets.header);
        for (FrameworkCoverage fw : s.frameworks()) {
            t.row().cell(fw.name()).number(fw.requirements()).number(fw.requirementsEvaluated()).number(fw.requirementsPassing())
                    .number(fw.coveragePercent()).number(fw.passingPercent());
        }
        t.gap();
        t.row().styled("Sheet", sheets.header).styled("What it holds", sheets.header);
        for (Map.Entry<String, String> sheet : CONTENTS.entrySet()) {
            t.row().link(sheet.getKey(), location(sheet.getKey(), "A1")).cell(sheet.getValue());
        }
        t.finish();
    }

    /** One row per rule, in the summary's order (a finding's link points at its row). */
    private static void rules(Sheets sheets, ReportInput input, ReportSummary s) {
        Sheets.Table t = sheets.table("Rules", List.of("Rule", "Title", "Severity", "Result", "Fail", "Pass", "Waived",
                "Not evaluated", "Error", "Framework requirements", "Description", "Risk", "Remediation", "Documentation"),
                new int[] {36, 40, 11, 15, 8, 8, 8, 13, 8, 40, 50, 50, 70, 30});
        for (RuleSummary r : s.rules()) {
            RuleInfo rule = r.rule();
            String docs = input.ruleDocsUri(rule.id());
            t.row().cell(rule.id()).cell(rule.title()).severity(rule.severity()).status(r.overall()).number(r.fail())
                    .number(r.pass()).number(r.waived()).number(r.notEvaluated()).number(r.error())
                    .wrapped(requirements(rule)).wrapped(rule.description()).wrapped(rule.risk()).wrapped(remediation(rule))
                    .url(docs, docs);
        }
        t.finish();
    }

    /** Each framework requirement with its title, one a line; the compact key list when the rule names no titles. */
    private static String requirements(RuleInfo rule) {
        if (rule.requirements().isEmpty()) {
            return rule.frameworks().isEmpty() ? null : Frameworks.compact(rule.frameworks());
        }
        return rule.requirements().stream()
                .map(q -> q.frameworkName() + (q.version() == null ? "" : " " + q.version()) + " " + q.id()
                        + (q.title() == null ? "" : ": " + q.title()))
                .collect(Collectors.joining("\n"));
    }

    /** The rule's fix in full: text, console steps, CLI, Terraform and links, as the rule file gives them. */
    private static String remediation(RuleInfo rule) {
        ReportInput.Remediation fix = rule.fix();
        if (fix == null) {
            return rule.remediation();
        }
        StringBuilder b = new StringBuilder(orEmpty(fix.text()).strip());
        part(b, "Console", fix.console());
        part(b, "CLI", fix.cli());
        part(b, "Terraform", fix.terraform() == null ? List.of() : List.of(fix.terraform().strip()));
        part(b, "Documentation", fix.links());
        return b.isEmpty() ? rule.remediation() : b.toString();
    }

    private static void part(StringBuilder b, String heading, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        b.append(b.isEmpty() ? "" : "\n\n").append(heading).append(':');
        lines.forEach(l -> b.append('\n').append(l));
    }

    /** The Findings sheet's columns: the first {@link #FINDINGS_PRINTED} print; the per-rule ones after them do not. */
    private static final List<String> FINDING_COLUMNS = List.of("Severity", "Status", "Rule", "Title", "Resource id", "Resource name",
            "Accounts", "Reason", "Waiver", "Waiver expires", "Since last run", "First seen", "Resource type", "Risk", "Remediation",
            "Framework requirements", "Evidence (snapshot records)", "Fingerprint");
    private static final int FINDINGS_PRINTED = 12;

    private static void findings(Sheets sheets, ReportInput input, List<Explained> explained, Map<String, String> ruleRows) {
        Sheets.Table t = sheets.table("Findings", FINDING_COLUMNS,
                new int[] {11, 15, 36, 36, 28, 28, 24, 60, 30, 14, 16, 22, 20, 50, 50, 40, 60, 20}).printColumns(FINDINGS_PRINTED);
        // Per rule, written once and repeated on each of its findings.
        Map<String, RuleInfo> rules = new HashMap<>();
        input.rules().forEach(r -> rules.put(r.id(), r));
        Map<String, String> requirements = new HashMap<>();
        for (Explained e : explained) {
            Finding f = e.finding();
            FindingDetail d = e.detail();
            Finding.Resource r = f.resource() == null ? new Finding.Resource(null, null, null, null) : f.resource();
            RuleInfo rule = rules.get(f.ruleId());
            t.row().severity(f.severity()).status(f.status()).link(f.ruleId(), ruleRows.get(f.ruleId())).cell(f.title()).cell(r.id())
                    .cell(r.name()).cell(accounts(d.accounts())).cell(f.reason())
                    .cell(f.waiver() == null ? null : f.waiver().reason()).cell(f.waiver() == null ? null : f.waiver().expires())
                    .cell(d.sinceLastRun() == null ? NO_PREVIOUS_RUN : d.sinceLastRun().label()).cell(d.firstSeenRun())
                    .cell(r.type()).cell(rule == null ? null : rule.risk()).cell(f.remediation())
                    .cell(rule == null ? Frameworks.compact(f.frameworks()) : requirements.computeIfAbsent(rule.id(), k -> requirements(rule)))
                    .cell(evidence(d.evidence())).cell(d.fingerprint());
        }
        t.finish();
    }

    /** What "since last run" says when there was no run to compare with. */
    static final String NO_PREVIOUS_RUN = "(no previous run)";

    private static String accounts(List<AccountRef> accounts) {
        if (accounts.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (AccountRef a : accounts) {
            b.append(b.isEmpty() ? "" : ", ").append(a.id());
            if (a.name() != null) {
                b.append(" (").append(a.name()).append(')');
            }
        }
        return b.toString();
    }

    /** Each record as its label and the jq path that selects it in the run's snapshot.json, one a line. */
    private static String evidence(List<EvidenceRef> evidence) {
        if (evidence.isEmpty()) {
            return null;
        }
        return evidence.stream().map(e -> e.label() + ": " + e.path()).collect(Collectors.joining("\n"));
    }

    /**
     * One row for each account a finding concerns (its accounts, which for a person are every account
     * they reach), so that filtering an account shows the people who reach it; accounts in id order.
     * PASS findings are left out: with them the sheet would repeat most of Findings once per account
     * (on the large scenario, several times the rows of Findings), for no finding that needs action.
     */
    private static void findingsByAccount(Sheets sheets, List<Explained> explained, Map<String, String> ruleRows) {
        Sheets.Table t = sheets.table("Findings by Account", List.of("Account id", "Account name", "Severity", "Status", "Rule",
                "Resource id", "Resource name", "Reason"), new int[] {15, 24, 11, 15, 36, 28, 28, 60});
        Map<String, List<Explained>> byAccount = new java.util.TreeMap<>();
        Map<String, String> names = new HashMap<>();
        for (Explained e : explained) {
            if (e.finding().status() == Status.PASS) {
                continue;
            }
            for (AccountRef a : e.detail().accounts()) {
                byAccount.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(e);
                if (a.name() != null) {
                    names.put(a.id(), a.name());
                }
            }
        }
        byAccount.forEach((account, list) -> {
            for (Explained e : list) {
                Finding f = e.finding();
                Finding.Resource r = f.resource() == null ? new Finding.Resource(null, null, null, null) : f.resource();
                t.row().cell(account).cell(names.get(account)).severity(f.severity()).status(f.status())
                        .link(f.ruleId(), ruleRows.get(f.ruleId())).cell(r.id()).cell(r.name()).cell(f.reason());
            }
        });
        t.finish();
    }

    private static void waivers(Sheets sheets, List<WaiverInfo> waivers) {
        Sheets.Table t = sheets.table("Waivers", List.of("Rule", "Resource", "Reason", "Owner", "Ticket", "Expires", "State",
                "Findings waived"), new int[] {40, 40, 50, 18, 14, 12, 10, 16});
        for (WaiverInfo w : waivers) {
            t.row().cell(w.ruleId()).cell(w.allResources() ? w.resource() + " (all resources)" : w.resource()).cell(w.reason())
                    .cell(w.owner()).cell(w.ticket()).cell(str(w.expires()))
                    .cell(w.state() == null ? null : w.state().name()).number(w.matchedFindings());
        }
        t.finish();
    }

    private static void accessMatrix(Sheets sheets, List<AccessRow> rows) {
        Sheets.Table t = sheets.table("Access Matrix", List.of("User", "Identity Store user id", "Okta status", "Account id",
                "Account name", "Permission set", "Through group"), new int[] {34, 40, 16, 15, 24, 30, 30});
        for (AccessRow a : rows) {
            t.row().cell(a.user()).cell(a.userId()).cell(a.oktaStatus() == null ? "no Okta user" : a.oktaStatus())
                    .cell(a.accountId()).cell(a.accountName()).cell(a.permissionSet())
                    .cell(a.viaGroup() == null ? "(direct assignment)" : a.viaGroup());
        }
        t.finish();
    }

    private static void users(Sheets sheets, List<ReconciliationRow> rows) {
        Sheets.Table t = sheets.table("Okta vs Identity Store", List.of("Kind", "Name", "Exists in", "Okta id", "Identity Store id", "Detail"),
                new int[] {8, 34, 12, 24, 40, 50});
        for (ReconciliationRow r : rows) {
            String side = switch (r.side()) {
                case BOTH -> "both";
                case OKTA_ONLY -> "Okta only";
                case AWS_ONLY -> "AWS only";
            };
            t.row().cell(r.kind() == null ? null : r.kind().name().toLowerCase(java.util.Locale.ROOT)).cell(r.name()).cell(side)
                    .cell(r.oktaId()).cell(r.identityStoreId()).cell(r.detail());
        }
        t.finish();
    }

    private static void permissionSets(Sheets sheets, AwsSnapshot aws) {
        Sheets.Table t = sheets.table("Permission Sets", List.of("Name", "ARN", "Description", "Session duration",
                        "AWS managed policies", "Customer managed policies", "Inline policy", "Permissions boundary",
                        "Provisioned to accounts", "Outdated in accounts"),
                new int[] {30, 60, 40, 16, 50, 40, 60, 40, 40, 30});
        if (aws != null && aws.identityCenter() != null) {
            for (AwsSnapshot.PermissionSet ps : aws.identityCenter().permissionSets()) {
                t.row().cell(ps.name()).cell(ps.arn()).cell(ps.description()).cell(ps.sessionDuration())
                        .cell(ps.awsManagedPolicies().stream().map(AwsSnapshot.ManagedPolicy::arn).collect(Collectors.joining("\n")))
                        .cell(ps.customerManagedPolicies().stream().map(p -> orEmpty(p.path()) + p.name()).collect(Collectors.joining("\n")))
                        .cell(ps.inlinePolicy()).cell(boundary(ps.permissionsBoundary()))
                        .cell(String.join(", ", ps.provisionedAccountIds())).cell(String.join(", ", ps.outdatedAccountIds()));
            }
        }
        t.finish();
    }

    private static String boundary(AwsSnapshot.PermissionsBoundary b) {
        if (b == null) {
            return null;
        }
        return b.managedPolicyArn() != null ? b.managedPolicyArn() : orEmpty(b.customerManagedPolicyPath()) + orEmpty(b.customerManagedPolicyName());
    }

    /** The raw assignments, with names looked up by id for reading (no joins: those belong to the model). */
    private static void assignments(Sheets sheets, AwsSnapshot aws) {
        Sheets.Table t = sheets.table("Account Assignments", List.of("Permission set", "Permission set ARN", "Account id", "Account name",
                "Principal type", "Principal id", "Principal name"), new int[] {30, 60, 15, 24, 14, 40, 34});
        if (aws != null && aws.identityCenter() != null) {
            AwsSnapshot.IdentityCenter idc = aws.identityCenter();
            Map<String, String> psNames = new HashMap<>();
            idc.permissionSets().forEach(p -> psNames.put(p.arn(), p.name()));
            Map<String, String> accountNames = new HashMap<>();
            aws.accounts().forEach(a -> accountNames.put(a.id(), a.name()));
            Map<String, String> principals = new HashMap<>();
            idc.users().forEach(u -> principals.put(u.userId(), u.userName()));
            idc.groups().forEach(g -> principals.put(g.groupId(), g.displayName()));
            for (AwsSnapshot.Assignment a : idc.assignments()) {
                t.row().cell(psNames.get(a.permissionSetArn())).cell(a.permissionSetArn()).cell(a.accountId())
                        .cell(accountNames.get(a.accountId())).cell(a.principalType()).cell(a.principalId())
                        .cell(principals.get(a.principalId()));
            }
        }
        t.finish();
    }

    private static void accounts(Sheets sheets, AwsSnapshot aws) {
        Sheets.Table t = sheets.table("AWS Accounts", List.of("Account id", "Name", "Email", "State", "OU path", "Joined"),
                new int[] {15, 28, 34, 16, 40, 22});
        if (aws != null) {
            for (AwsSnapshot.Account a : aws.accounts()) {
                t.row().cell(a.id()).cell(a.name()).cell(a.email()).cell(a.state()).cell(a.ouPath()).cell(str(a.joined()));
            }
        }
        t.finish();
    }

    private static void changes(Sheets sheets, List<ChangeRow> changes) {
        Sheets.Table t = sheets.table("Changes Since Last Run", List.of("Change", "Area", "What", "Detail"), new int[] {10, 16, 60, 60});
        for (ChangeRow c : changes) {
            t.row().cell(c.type() == null ? null : c.type().name()).cell(c.area()).cell(c.subject()).cell(c.detail());
        }
        t.finish();
    }

    private static void evidence(Sheets sheets, List<EvidenceFile> files) {
        Sheets.Table t = sheets.table("Evidence Files", List.of("File", "Bytes", "SHA-256"), new int[] {30, 14, 70});
        for (EvidenceFile f : files) {
            t.row().cell(f.path()).number(f.sizeBytes()).cell(f.sha256());
        }
        t.finish();
    }

    private static void collectionIssues(Sheets sheets, List<CollectionIssue> issues) {
        Sheets.Table t = sheets.table("Collection Issues", List.of("Section", "Account", "App", "API", "Error", "Message"),
                new int[] {40, 15, 22, 36, 18, 70});
        for (CollectionIssue i : issues) {
            t.row().cell(i.section()).cell(i.accountId()).cell(i.appId()).cell(i.api()).cell(i.error()).cell(i.message());
        }
        t.finish();
    }


    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

}
