package dev.idaudit.report.xlsx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.report.ReportFixtures;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInput.AccountRef;
import dev.idaudit.report.ReportInput.EvidenceRef;
import dev.idaudit.report.ReportInput.FindingDetail;
import dev.idaudit.report.ReportInput.SinceLastRun;
import dev.idaudit.rules.Status;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Hyperlink;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbook read back with POI, sheet by sheet and cell by cell. */
class XlsxReporterTest {
    @TempDir Path dir;
    XSSFWorkbook wb;

    @BeforeEach
    void render() throws Exception {
        Path out = dir.resolve("report.xlsx");
        new XlsxReporter().write(ReportFixtures.input(), out);
        try (InputStream in = Files.newInputStream(out)) {
            wb = new XSSFWorkbook(in);
        }
    }

    private static List<List<String>> cells(Sheet sheet) {
        DataFormatter fmt = new DataFormatter(java.util.Locale.ROOT);
        List<List<String>> rows = new ArrayList<>();
        // A table's rows are read as wide as its header: an empty last cell is not written at all.
        int width = sheet.getRow(0) == null ? 0 : sheet.getRow(0).getLastCellNum();
        for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            List<String> values = new ArrayList<>();
            if (row != null) {
                for (int c = 0; c < Math.max(width, row.getLastCellNum()); c++) {
                    Cell cell = row.getCell(c);
                    values.add(cell == null ? "" : fmt.formatCellValue(cell));
                }
            }
            rows.add(values);
        }
        return rows;
    }

    @Test
    void hasTheSheetsInOrder() {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        assertEquals(XlsxReporter.SHEETS, names);
    }

    @Test
    void findingsSheetHasEveryFindingWithFrozenHeaderAutofilterAndSeverityColours() {
        XSSFSheet sheet = wb.getSheet("Findings");
        List<List<String>> rows = cells(sheet);
        assertEquals(List.of("Severity", "Status", "Rule", "Title", "Resource id", "Resource name", "Accounts", "Reason", "Waiver",
                "Waiver expires", "Since last run", "First seen", "Resource type", "Risk", "Remediation", "Framework requirements",
                "Evidence (snapshot records)", "Fingerprint"), rows.get(0));
        assertEquals(ReportFixtures.findings().size() + 1, rows.size());
        List<String> first = rows.get(1);
        assertEquals(List.of("critical", "FAIL", "sync_deprovisioned_users_removed", "Deprovisioned Okta users have no AWS access",
                "u-0001", ReportFixtures.HOSTILE_HTML, ""), first.subList(0, 7));
        assertEquals("identity_store_user", first.get(12));
        assertEquals("nist_800_53_r5: AC-2(3); soc2: CC6.2", first.get(15), "a rule without requirement titles: the ids");
        assertEquals(XlsxReporter.NO_PREVIOUS_RUN, first.get(10), "the fixture has no details: nothing is said about the last run");
        List<String> waived = rows.stream().filter(r -> r.get(1).equals("WAIVED")).findFirst().orElseThrow();
        assertEquals("Break-glass user kept outside Okta", waived.get(8));
        assertEquals("2027-01-31", waived.get(9));

        assertTrue(sheet.getPaneInformation().isFreezePane());
        assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition());
        assertEquals("A1:R10", sheet.getCTWorksheet().getAutoFilter().getRef());

        XSSFCellStyle critical = (XSSFCellStyle) sheet.getRow(1).getCell(0).getCellStyle();
        assertArrayEquals(new byte[] {(byte) 0x7A, 0x09, 0x16}, critical.getFillForegroundXSSFColor().getRGB());
        XSSFCellStyle fail = (XSSFCellStyle) sheet.getRow(1).getCell(1).getCellStyle();
        assertArrayEquals(new byte[] {(byte) 0xF8, (byte) 0xD0, (byte) 0xCC}, fail.getFillForegroundXSSFColor().getRGB());
    }

    /** The fixture with the details the findings stage adds: a deprovisioned person who reaches prod and the management account. */
    private static ReportInput explained(String docsUrl) {
        ReportInput in = ReportFixtures.input();
        List<FindingDetail> details = new ArrayList<>();
        for (int i = 0; i < in.findings().size(); i++) {
            details.add(in.detail(i));
        }
        details.set(0, new FindingDetail(details.get(0).fingerprint(),
                List.of(new AccountRef("111111111111", "prod"), new AccountRef("999999999999", "=management")), "2026-11-21T03-00-00Z",
                null, SinceLastRun.NEW_FAILURE, List.of(new EvidenceRef("okta.users", "-x", "@okta user"),
                        new EvidenceRef("identityCenter.users", ".aws.identityCenter.users[] | select(.userId == \"u-0001\")",
                                "Identity Store user u-0001"))));
        return new ReportInput(in.run(), in.snapshot(), in.findings(), in.rules(), in.waivers(), in.collectionIssues(), in.evidence(),
                in.accessMatrix(), in.reconciliation(), in.changes(), details, List.of(), docsUrl);
    }

    private static XSSFWorkbook written(ReportInput input, Path out) throws Exception {
        new XlsxReporter().write(input, out);
        try (InputStream in = Files.newInputStream(out)) {
            return new XSSFWorkbook(in);
        }
    }

    @Test
    void marksAWaiverCoveringEveryResourceOnTheWaiverSheet() throws Exception {
        try (XSSFWorkbook book = written(ReportFixtures.withAllResourcesWaiver(), dir.resolve("all.xlsx"))) {
            List<List<String>> rows = cells(book.getSheet("Waivers"));
            assertEquals(List.of("sync_deprovisioned_users_removed", "* (all resources)"), rows.get(1).subList(0, 2));
            assertEquals("u-0004", rows.get(2).get(1));
        }
    }

    @Test
    void aFindingCarriesItsAccountsChangeSinceLastRunAndEvidence() throws Exception {
        try (XSSFWorkbook book = written(explained(null), dir.resolve("explained.xlsx"))) {
            List<String> first = cells(book.getSheet("Findings")).get(1);
            assertEquals("111111111111 (prod), 999999999999 (=management)", first.get(6));
            assertEquals("New failure", first.get(10));
            assertEquals("2026-11-21T03-00-00Z", first.get(11));
            assertEquals("@okta user: -x\nIdentity Store user u-0001: .aws.identityCenter.users[] | select(.userId == \"u-0001\")",
                    first.get(16));
            assertTrue(inertCells(book) >= 2, "the hostile account name and evidence label are quote-prefixed text");
        }
    }

    @Test
    void aPersonsFindingIsListedUnderEveryAccountTheyReach() throws Exception {
        try (XSSFWorkbook book = written(explained(null), dir.resolve("by-account.xlsx"))) {
            XSSFSheet sheet = book.getSheet("Findings by Account");
            List<List<String>> rows = cells(sheet);
            assertEquals(List.of("Account id", "Account name", "Severity", "Status", "Rule", "Resource id", "Resource name", "Reason"),
                    rows.get(0));
            List<List<String>> deprovisioned = rows.stream().filter(r -> r.get(5).equals("u-0001")).toList();
            assertEquals(List.of("111111111111", "999999999999"), deprovisioned.stream().map(r -> r.get(0)).toList());
            assertEquals(List.of("prod", "=management"), deprovisioned.stream().map(r -> r.get(1)).toList());
            Cell management = sheet.getRow(rows.indexOf(deprovisioned.get(1))).getCell(1);
            assertTrue(management.getCellStyle().getQuotePrefixed(), "an account name that looks like a formula stays text");
            // Every other finding that did not pass is under its resource's own account, or under none.
            long withAccount = ReportFixtures.findings().stream().skip(1).filter(f -> f.status() != Status.PASS)
                    .filter(f -> f.resource() != null && f.resource().accountId() != null).count();
            assertEquals(2 + withAccount, rows.size() - 1);
        }
    }

    @Test
    void ruleDocumentationIsLinkedOnlyWhenADocsUrlIsSet() throws Exception {
        for (Sheet sheet : wb) {
            for (Hyperlink link : ((XSSFSheet) sheet).getHyperlinkList()) {
                assertEquals(HyperlinkType.DOCUMENT, link.getType(), sheet.getSheetName() + " links outside the workbook: " + link.getAddress());
            }
        }
        try (XSSFWorkbook book = written(explained("https://docs.example.test/idaudit/rules/"), dir.resolve("docs.xlsx"))) {
            XSSFSheet rules = book.getSheet("Rules");
            int docs = cells(rules).get(0).indexOf("Documentation");
            Cell cell = rules.getRow(1).getCell(docs);
            assertEquals(HyperlinkType.URL, cell.getHyperlink().getType());
            assertEquals("https://docs.example.test/idaudit/rules/" + rules.getRow(1).getCell(0).getStringCellValue() + ".md",
                    cell.getHyperlink().getAddress());
        }
    }

    /** Checks that no cell is a formula and every formula-looking text is quote-prefixed; returns how many there are. */
    private static int inertCells(XSSFWorkbook book) {
        int inert = 0;
        for (Sheet sheet : book) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertNotEquals(CellType.FORMULA, cell.getCellType(), sheet.getSheetName() + "!" + cell.getAddress());
                    if (cell.getCellType() == CellType.STRING) {
                        String v = cell.getStringCellValue();
                        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
                            assertTrue(cell.getCellStyle().getQuotePrefixed(),
                                    sheet.getSheetName() + "!" + cell.getAddress() + " " + v + " is not quote-prefixed");
                            inert++;
                        }
                    }
                }
            }
        }
        return inert;
    }

    @Test
    void formulaLookingValuesAreQuotePrefixedTextAndNoCellIsAFormula() {
        int inert = inertCells(wb);
        // the formula user (Findings, Access Matrix, Okta vs Identity Store), the "-management" account (Findings, Accounts,
        // Access Matrix, Assignments), the "+ migration" and "@platform" waiver fields
        assertTrue(inert >= 9, "inert cells: " + inert);
        Cell formulaUser = wb.getSheet("Access Matrix").getRow(2).getCell(0);
        assertEquals(ReportFixtures.HOSTILE_FORMULA, formulaUser.getStringCellValue(), "kept verbatim, not altered");
        assertTrue(formulaUser.getCellStyle().getQuotePrefixed());
    }

    @Test
    void summarySheetShowsRunCountsAndLinksToEverySheet() {
        List<List<String>> rows = cells(wb.getSheet("Summary"));
        assertEquals("idaudit: Okta → AWS IAM Identity Center access audit", rows.get(0).get(0));
        assertTrue(rows.contains(List.of("Run", "2026-11-28T03-00-00Z")));
        assertTrue(rows.contains(List.of("Pass rate (PASS ÷ (PASS + FAIL + WAIVED))", "28.6%")));
        assertTrue(rows.contains(List.of("FAIL", "4")));
        assertTrue(rows.contains(List.of("critical", "1")));
        assertTrue(rows.contains(List.of("SOC 2 (2017 TSC)", "3", "3", "0", "100", "0")));

        List<String> linked = new ArrayList<>();
        for (Row row : wb.getSheet("Summary")) {
            Cell c = row.getCell(0);
            if (c != null && c.getHyperlink() != null) {
                assertEquals(HyperlinkType.DOCUMENT, c.getHyperlink().getType());
                assertEquals("'" + c.getStringCellValue() + "'!A1", c.getHyperlink().getAddress());
                linked.add(c.getStringCellValue());
            }
        }
        assertEquals(XlsxReporter.SHEETS, linked, "the summary links to every sheet");
    }

    @Test
    void rulesSheetListsEveryRuleAndEachFindingLinksToItsRulesRow() {
        XSSFSheet rules = wb.getSheet("Rules");
        List<List<String>> rows = cells(rules);
        assertTrue(rows.stream().anyMatch(r -> r.subList(0, 9).equals(List.of("org_all_features_enabled",
                "The organization has all features enabled", "high", "NOT_EVALUATED", "0", "0", "0", "0", "0"))),
                "a rule without findings is not evaluated");
        XSSFSheet findings = wb.getSheet("Findings");
        for (int r = 1; r <= findings.getLastRowNum(); r++) {
            Cell rule = findings.getRow(r).getCell(2);
            Hyperlink link = rule.getHyperlink();
            assertEquals(HyperlinkType.DOCUMENT, link.getType(), rule.getAddress().toString());
            CellReference target = new CellReference(link.getAddress());
            assertEquals("Rules", target.getSheetName());
            assertEquals(rule.getStringCellValue(), rules.getRow(target.getRow()).getCell(0).getStringCellValue(),
                    rule.getAddress() + " links to the row of its rule");
        }
    }

    @Test
    void inventorySheetsHoldTheSnapshotAndTheModelRows() {
        assertEquals(List.of(
                List.of("Permission set", "Permission set ARN", "Account id", "Account name", "Principal type", "Principal id",
                        "Principal name"),
                List.of("AdministratorAccess", "arn:aws:sso:::permissionSet/ssoins-1/ps-admin", "111111111111", "prod", "GROUP",
                        "g-devops", "org-DevOps"),
                List.of("ReadOnly", "arn:aws:sso:::permissionSet/ssoins-1/ps-read", "999999999999", "@management", "USER",
                        "u-0005", "")), cells(wb.getSheet("Account Assignments")));
        assertEquals(List.of("111111111111", "prod", "aws-prod@acme.example", "ACTIVE", "Root/Workloads/Prod",
                "2026-11-28T03:00:00Z"), cells(wb.getSheet("AWS Accounts")).get(1));
        List<List<String>> ps = cells(wb.getSheet("Permission Sets"));
        assertEquals("AdministratorAccess", ps.get(1).get(0));
        assertEquals("PT12H", ps.get(1).get(3));
        assertEquals("arn:aws:iam::aws:policy/AdministratorAccess", ps.get(1).get(4));
        assertEquals(List.of("user", ReportFixtures.HOSTILE_FORMULA, "AWS only", "", "u-0005", "no Okta user has this login"),
                cells(wb.getSheet("Okta vs Identity Store")).get(2));
        assertEquals(List.of(ReportFixtures.HOSTILE_HTML, "u-0001", "DEPROVISIONED", "111111111111", "prod", "AdministratorAccess",
                "org-DevOps"), cells(wb.getSheet("Access Matrix")).get(3));
        assertEquals(List.of("alice@acme.example", "u-0002", "ACTIVE", "111111111111", "prod", "AdministratorAccess",
                "org-DevOps"), cells(wb.getSheet("Access Matrix")).get(1));
        assertEquals(List.of("CHANGED", "permission_set", "AdministratorAccess", "SessionDuration PT8H → PT12H"),
                cells(wb.getSheet("Changes Since Last Run")).get(3));
        assertEquals(List.of("snapshot.json.gz", "12,345", "c".repeat(64)), cells(wb.getSheet("Evidence Files")).get(1));
        assertEquals(List.of("sync_no_orphan_identity_center_users", "u-0004", "Break-glass user kept outside Okta", "secops",
                "SEC-42", "2027-01-31", "ACTIVE", "1"), cells(wb.getSheet("Waivers")).get(1));
        assertEquals(List.of("aws.memberAccounts.reservedRoles", "111111111111", "", "iam:ListRoles", "AccessDenied",
                "the role IdAuditReadOnly may not call iam:ListRoles"), cells(wb.getSheet("Collection Issues")).get(1));
    }

    @Test
    void twentyThousandFindingsStreamIntoOneSheet() throws Exception {
        Path out = dir.resolve("large.xlsx");
        long start = System.nanoTime();
        new XlsxReporter().write(ReportFixtures.large(20_000), out);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("XLSX report, 20,000 findings: %d ms, %d KiB%n", millis, Files.size(out) / 1024);
        try (InputStream in = Files.newInputStream(out); XSSFWorkbook big = new XSSFWorkbook(in)) {
            assertEquals(20_001, big.getSheet("Findings").getPhysicalNumberOfRows());
        }
        // The time is printed, not asserted: it measures the machine as much as the code (see docs/performance.md).
    }
}
