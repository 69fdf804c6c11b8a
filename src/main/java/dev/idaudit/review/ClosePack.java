package dev.idaudit.review;

import dev.idaudit.evidence.Digests;
import dev.idaudit.report.SpreadsheetText;
import dev.idaudit.report.csv.CsvReporter;
import dev.idaudit.report.html.HtmlReporter;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * {@code review close}: the evidence pack in {@code DIR/}{@value #DIR}: review.html (one
 * self-contained page that prints), decisions.xlsx, revocations.csv, remediation-plan.txt (the
 * Okta API calls and AWS CLI commands, printed, never run) and manifest.json with the SHA-256 of
 * every file of the pack and of campaign.json.
 */
public final class ClosePack {
    public static final String DIR = "closed";
    public static final String HTML = "review.html";
    public static final String DECISIONS = "decisions.xlsx";
    public static final String REVOCATIONS = "revocations.csv";
    public static final String PLAN = "remediation-plan.txt";
    public static final String MANIFEST = "manifest.json";
    static final String TEMPLATE = "review.ftlh";

    private ClosePack() {}

    public record Result(Campaign campaign, Path packDir, int revocations) {}

    /** What the pack's manifest lists. */
    public record PackManifest(String campaignId, String runId, String runManifestSha256, Instant closedAt, String campaignSha256,
            List<FileDigest> files) {
        public PackManifest {
            files = List.copyOf(files);
        }
    }

    public record FileDigest(String path, long size, String sha256) {}

    public static Result close(Path dir, boolean force, Clock clock) throws IOException {
        Campaign c = Campaign.read(dir);
        if (c.closed() != null) {
            throw new BadInputException(dir + ": the campaign was already closed " + c.closed().closedAt());
        }
        List<AccessItem> open = c.open();
        if (!open.isEmpty() && !force) {
            throw new BadInputException(dir + ": " + open.size() + " items are not decided (see idaudit review status " + dir
                    + "); close with --force to record them as open");
        }
        Instant now = clock.instant();
        c = c.withClosed(new Campaign.Closed(now, !open.isEmpty(), open.stream().map(AccessItem::id).toList()));
        Path pack = dir.resolve(DIR);
        if (Files.exists(pack)) {
            throw new BadInputException(pack + ": already exists; a closed campaign's pack is not overwritten");
        }
        Files.createDirectories(pack);
        List<Revocation> revocations = Revocations.of(c);
        String orgUrl = c.oktaOrgUrl();
        writeCsv(pack.resolve(REVOCATIONS), revocations);
        writePlan(pack.resolve(PLAN), c, revocations, orgUrl);
        writeDecisions(pack.resolve(DECISIONS), c);
        writeHtml(pack.resolve(HTML), c, revocations, orgUrl);
        c.write(dir);
        List<FileDigest> files = new ArrayList<>();
        try (Stream<Path> walk = Files.list(pack)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new FileDigest(p.getFileName().toString(), Files.size(p), Digests.sha256Hex(p)));
            }
        }
        PackManifest m = new PackManifest(c.id(), c.runId(), c.runManifestSha256(), now,
                Digests.sha256Hex(dir.resolve(Campaign.FILE_NAME)), files);
        try (OutputStream out = Files.newOutputStream(pack.resolve(MANIFEST))) {
            Json.json().writeValue(out, m);
        }
        return new Result(c, pack, revocations.size());
    }

    static final List<String> CSV_HEADER = List.of("items", "remove", "person", "account_id", "permission_set", "granted_through",
            "okta_group_id", "okta_user_id", "push_mapping_id", "instance_arn", "permission_set_arn", "principal_type", "principal_id",
            "identity_store_id", "membership_id", "reviewer", "decided_at", "comment", "also_removes");

    private static void writeCsv(Path file, List<Revocation> rs) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            CsvReporter.row(w, CSV_HEADER);
            for (Revocation r : rs) {
                CsvReporter.row(w, Stream.of(String.join(" ", r.itemIds()), r.kind(), r.person(), r.accountId(), r.permissionSetName(),
                        r.grantedThrough(), r.oktaGroupId(), r.oktaUserId(), r.pushMappingId(), r.instanceArn(), r.permissionSetArn(),
                        r.principalType(), r.principalId(), r.identityStoreId(), r.membershipId(), r.reviewer(), r.decidedAt(), r.comment(), String.join("; ", r.alsoRemoves()))
                        .map(ReviewWorkbook::nonNull).toList());
            }
        }
    }

    private static void writePlan(Path file, Campaign c, List<Revocation> rs, String orgUrl) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Remediation plan for access review ").append(c.id()).append(" (run ").append(c.runId()).append(")\n");
        sb.append("# idaudit never runs these. Read each, then run it with credentials allowed to change access.\n");
        sb.append("# Okta: DELETE /api/v1/groups/{groupId}/users/{userId} (Unassign a user from a group; OKTA_GROUP only).\n");
        sb.append("# AWS: aws sso-admin delete-account-assignment, then describe-account-assignment-deletion-status;\n");
        sb.append("#      aws identitystore delete-group-membership for a membership that does not come from Okta.\n\n");
        if (rs.isEmpty()) {
            sb.append("# Nothing to revoke.\n");
        }
        for (Revocation r : rs) {
            sb.append("# ").append(String.join(", ", r.itemIds())).append(": ").append(r.person()).append(", ")
                    .append(r.permissionSetName()).append(" in ").append(r.accountId()).append(" through ").append(r.grantedThrough())
                    .append(" (revoked by ").append(r.reviewer()).append(")\n");
            if (!r.alsoRemoves().isEmpty()) {
                sb.append("#   also removes: ").append(String.join("; ", r.alsoRemoves())).append('\n');
            }
            sb.append(r.command(orgUrl)).append("\n\n");
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static final List<String> DECISION_HEADER = List.of("Item", "Reviewer", "Person", "Account", "Account name", "Permission set",
            "Administrative", "Granted through", "Flags", "Decision", "Comment", "Decided at", "Workbook SHA-256");

    private static void writeDecisions(Path file, Campaign c) throws IOException {
        Map<String, Campaign.Decided> now = c.current();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            CellStyle inert = wb.createCellStyle();
            inert.setQuotePrefixed(true);
            XSSFSheet sheet = wb.createSheet("Decisions");
            Row header = sheet.createRow(0);
            for (int i = 0; i < DECISION_HEADER.size(); i++) {
                header.createCell(i).setCellValue(DECISION_HEADER.get(i));
            }
            int r = 1;
            for (AccessItem i : c.items()) {
                Campaign.Decided d = now.get(i.id());
                List<String> values = List.of(i.id(), i.reviewer(), i.person(), i.accountId(), ReviewWorkbook.nonNull(i.accountName()),
                        i.permissionSetName(), i.administrative(), i.grantedThrough(), String.join(", ", i.flags()),
                        d == null ? "OPEN" : d.decision().decision(), d == null ? "" : d.decision().comment(),
                        d == null ? "" : d.from().importedAt().toString(), d == null ? "" : d.from().workbookSha256());
                Row row = sheet.createRow(r++);
                for (int k = 0; k < values.size(); k++) {
                    Cell cell = row.createCell(k);
                    cell.setCellValue(ReviewWorkbook.nonNull(values.get(k)));
                    if (SpreadsheetText.looksLikeFormula(values.get(k))) {
                        cell.setCellStyle(inert);
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
    }

    private static void writeHtml(Path file, Campaign c, List<Revocation> rs, String orgUrl) throws IOException {
        Map<String, Campaign.Decided> now = c.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("runId", c.runId());
        m.put("runManifestSha256", c.runManifestSha256());
        m.put("created", c.createdAt().toString());
        m.put("due", c.due().toString());
        m.put("closed", c.closed().closedAt().toString());
        m.put("forced", c.closed().forced());
        m.put("fallback", c.fallback());
        List<Map<String, Object>> reviewers = new ArrayList<>();
        for (Campaigns.ReviewerStatus s : Campaigns.status(c)) {
            reviewers.add(Map.of("reviewer", s.reviewer(), "items", s.items(), "decided", s.decided(), "open", s.open()));
        }
        m.put("reviewers", reviewers);
        List<Map<String, String>> items = new ArrayList<>();
        int keep = 0;
        int revoke = 0;
        int change = 0;
        for (AccessItem i : c.items()) {
            Campaign.Decided d = now.get(i.id());
            String decision = d == null ? "OPEN" : d.decision().decision();
            keep += decision.equals("Keep") ? 1 : 0;
            revoke += decision.equals("Revoke") ? 1 : 0;
            change += decision.equals("Change") ? 1 : 0;
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", i.id());
            row.put("reviewer", i.reviewer());
            row.put("person", i.person());
            row.put("oktaStatus", ReviewWorkbook.nonNull(i.oktaStatus()));
            row.put("account", i.accountId() + (i.accountName() == null ? "" : " " + i.accountName()));
            row.put("permissionSet", i.permissionSetName());
            row.put("administrative", i.administrative());
            row.put("through", i.grantedThrough());
            row.put("flags", String.join(", ", i.flags()));
            row.put("decision", decision);
            row.put("comment", d == null ? "" : d.decision().comment());
            row.put("decidedAt", d == null ? "" : d.from().importedAt().toString());
            items.add(row);
        }
        m.put("items", items);
        m.put("counts", Map.of("total", c.items().size(), "keep", keep, "revoke", revoke, "change", change,
                "open", c.closed().openItemIds().size()));
        m.put("openIds", c.closed().openItemIds());
        List<Map<String, String>> rev = new ArrayList<>();
        for (Revocation r : rs) {
            rev.add(Map.of("items", String.join(", ", r.itemIds()), "kind", r.kind(), "person", r.person(),
                    "where", r.permissionSetName() + " in " + r.accountId() + " through " + r.grantedThrough(),
                    "command", r.command(orgUrl), "also", String.join("; ", r.alsoRemoves()), "reviewer", r.reviewer()));
        }
        m.put("revocations", rev);
        List<Map<String, String>> imports = new ArrayList<>();
        for (Campaign.Import i : c.imports()) {
            imports.add(Map.of("reviewer", i.reviewer(), "at", i.importedAt().toString(), "workbook", i.workbook(),
                    "sha256", i.workbookSha256(), "decisions", String.valueOf(i.decisions().size())));
        }
        m.put("imports", imports);
        Template t = HtmlReporter.configure(null).getTemplate(TEMPLATE);
        if (t.getOutputFormat() != HTMLOutputFormat.INSTANCE) {
            throw new IllegalStateException(TEMPLATE + " must be an .ftlh template (HTML auto-escaping)");
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            t.process(Map.of("c", m), w);
        } catch (TemplateException e) {
            throw new IllegalStateException("review template " + TEMPLATE + ": " + e.getMessageWithoutStackTop(), e);
        }
    }
}
