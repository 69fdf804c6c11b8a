package dev.idaudit.review;

import dev.idaudit.evidence.Digests;
import dev.idaudit.report.SpreadsheetText;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A reviewer's workbook: an {@value #INSTRUCTIONS} sheet and a {@value #REVIEW} sheet with one row
 * per access path. Only Decision (a list: Keep, Revoke, Change) and Comment are unlocked; the
 * sheets are protected with a random password nobody keeps. Each row carries, in hidden columns,
 * its item id and an integrity code ({@link IntegrityKey}) over the campaign, the reviewer and
 * every locked cell, so {@link #read} refuses a workbook that was edited where it must not be.
 */
final class ReviewWorkbook {
    static final String INSTRUCTIONS = "Instructions";
    static final String REVIEW = "Review";

    /** The locked, visible columns in order, each with how an item fills it. */
    static final Map<String, Function<AccessItem, String>> LOCKED = locked();
    static final int ITEM_COL = 0;
    static final int CODE_COL = 1;
    static final int FIRST_LOCKED_COL = 2;
    static final int DECISION_COL = FIRST_LOCKED_COL + LOCKED.size();
    static final int COMMENT_COL = DECISION_COL + 1;
    /** Instructions!B1 and B2: which campaign and which reviewer the workbook is for. */
    static final int CAMPAIGN_ROW = 0;
    static final int REVIEWER_ROW = 1;

    private ReviewWorkbook() {}

    private static Map<String, Function<AccessItem, String>> locked() {
        Map<String, Function<AccessItem, String>> m = new LinkedHashMap<>();
        m.put("Person", AccessItem::person);
        m.put("Okta status", i -> i.oktaStatus() == null ? "no Okta user" : i.oktaStatus());
        m.put("Last Okta sign-in", i -> i.lastOktaSignIn() == null ? "unknown" : i.lastOktaSignIn());
        m.put("Account", AccessItem::accountId);
        m.put("Account name", AccessItem::accountName);
        m.put("Permission set", AccessItem::permissionSetName);
        m.put("Administrative", AccessItem::administrative);
        m.put("Granted through", AccessItem::grantedThrough);
        m.put("Role last used", i -> i.roleLastUsed() == null ? "unknown" : i.roleLastUsed());
        m.put("Flags", i -> String.join(", ", i.flags()));
        return m;
    }

    static List<String> lockedCells(AccessItem item) {
        return LOCKED.values().stream().map(f -> nonNull(f.apply(item))).toList();
    }

    static String fileName(String reviewer) {
        return reviewer.replaceAll("[^A-Za-z0-9@._-]", "_") + ".xlsx";
    }

    static void write(Campaign c, String reviewer, IntegrityKey key, Path out) throws IOException {
        List<AccessItem> items = c.itemsOf(reviewer);
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            String password = Campaigns.randomHex(16);
            Styles s = new Styles(wb);
            XSSFSheet info = wb.createSheet(INSTRUCTIONS);
            String[][] lines = {
                    {"Campaign", c.id()},
                    {"Reviewer", reviewer},
                    {"Due", String.valueOf(c.due())},
                    {"Run reviewed", c.runId()},
                    {"Items", String.valueOf(items.size())},
                    {"", ""},
                    {"What to do", "On the Review sheet, choose a Decision for every row: Keep (the access is needed), "
                            + "Revoke (remove it) or Change (keep access but change it; say how in Comment)."},
                    {"", "Only Decision and Comment can be edited. Do not add, delete, sort or move rows, and do not copy rows "
                            + "between workbooks: every row carries an integrity code and an edited workbook is refused on import."},
                    {"", "Flags come from the audit: leaver (the Okta user is deprovisioned or suspended but still has access), "
                            + "inactive (no sign-in within the limit), direct assignment (not through a group), "
                            + "admin outside admin groups."},
                    {"", "Return the workbook to the person who sent it; they import it with idaudit review import."}};
            for (int r = 0; r < lines.length; r++) {
                Row row = info.createRow(r);
                s.text(row, 0, lines[r][0], s.label);
                s.text(row, 1, lines[r][1], s.locked);
            }
            info.setColumnWidth(0, 14 * 256);
            info.setColumnWidth(1, 110 * 256);
            info.protectSheet(password);

            XSSFSheet sheet = wb.createSheet(REVIEW);
            Row header = sheet.createRow(0);
            s.text(header, ITEM_COL, "Item", s.header);
            s.text(header, CODE_COL, "Integrity", s.header);
            int col = FIRST_LOCKED_COL;
            for (String name : LOCKED.keySet()) {
                s.text(header, col++, name, s.header);
            }
            s.text(header, DECISION_COL, "Decision", s.header);
            s.text(header, COMMENT_COL, "Comment", s.header);
            for (int r = 0; r < items.size(); r++) {
                AccessItem item = items.get(r);
                Row row = sheet.createRow(r + 1);
                List<String> cells = lockedCells(item);
                s.text(row, ITEM_COL, item.id(), s.locked);
                s.text(row, CODE_COL, key.code(c.id(), reviewer, item.id(), cells), s.locked);
                for (int i = 0; i < cells.size(); i++) {
                    s.text(row, FIRST_LOCKED_COL + i, cells.get(i), s.locked);
                }
                s.text(row, DECISION_COL, "", s.editable);
                s.text(row, COMMENT_COL, "", s.editable);
            }
            sheet.setColumnHidden(ITEM_COL, true);
            sheet.setColumnHidden(CODE_COL, true);
            for (int i = FIRST_LOCKED_COL; i <= COMMENT_COL; i++) {
                sheet.setColumnWidth(i, (i == COMMENT_COL ? 40 : 20) * 256);
            }
            sheet.createFreezePane(0, 1);
            if (!items.isEmpty()) {
                DataValidationHelper dv = sheet.getDataValidationHelper();
                DataValidation v = dv.createValidation(dv.createExplicitListConstraint(Campaign.DECISIONS.toArray(String[]::new)),
                        new CellRangeAddressList(1, items.size(), DECISION_COL, DECISION_COL));
                v.setShowErrorBox(true);
                v.setEmptyCellAllowed(true);
                v.createErrorBox("Decision", "Choose Keep, Revoke or Change.");
                sheet.addValidationData(v);
            }
            sheet.protectSheet(password);
            wb.setActiveSheet(1);
            Files.createDirectories(out.getParent());
            try (OutputStream os = Files.newOutputStream(out)) {
                wb.write(os);
            }
        }
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle label;
        final CellStyle locked;
        final CellStyle lockedInert;
        final CellStyle editable;
        final CellStyle editableInert;

        Styles(Workbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setLocked(true);
            label = wb.createCellStyle();
            label.setFont(bold);
            locked = wb.createCellStyle();
            locked.setLocked(true);
            locked.setWrapText(true);
            lockedInert = wb.createCellStyle();
            lockedInert.cloneStyleFrom(locked);
            lockedInert.setQuotePrefixed(true);
            editable = wb.createCellStyle();
            editable.setLocked(false);
            editableInert = wb.createCellStyle();
            editableInert.cloneStyleFrom(editable);
            editableInert.setQuotePrefixed(true);
        }

        /** Text cells only; a value that looks like a formula is stored quote-prefixed, as text. */
        void text(Row row, int col, String value, CellStyle style) {
            Cell cell = row.createCell(col);
            String v = nonNull(value);
            cell.setCellValue(v);
            boolean inert = SpreadsheetText.looksLikeFormula(v);
            cell.setCellStyle(!inert ? style : style == editable ? editableInert : style == locked ? lockedInert : style);
        }
    }

    static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** A returned workbook, checked against its campaign; every problem is named with its sheet and row. */
    record Returned(Path file, String sha256, String reviewer, List<Campaign.Decision> decisions) {}

    static Returned read(Path file, Campaign c, IntegrityKey key) {
        String sha;
        try {
            sha = Digests.sha256Hex(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            return read(file, sha, wb, c, key);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(file + ": not an Excel workbook (.xlsx) written by idaudit review start: " + e.getMessage(), e);
        }
    }

    private static Returned read(Path file, String sha, Workbook wb, Campaign c, IntegrityKey key) {
        Sheet info = wb.getSheet(INSTRUCTIONS);
        Sheet sheet = wb.getSheet(REVIEW);
        if (info == null || sheet == null) {
            throw new BadInputException(file + ": no " + (info == null ? INSTRUCTIONS : REVIEW)
                    + " sheet: not a workbook written by idaudit review start");
        }
        String campaignId = cell(info.getRow(CAMPAIGN_ROW), 1);
        if (!c.id().equals(campaignId)) {
            throw new BadInputException(file + ": sheet " + INSTRUCTIONS + ", row " + (CAMPAIGN_ROW + 1) + ": the workbook is of campaign '"
                    + campaignId + "', not of this campaign '" + c.id() + "'");
        }
        String reviewer = cell(info.getRow(REVIEWER_ROW), 1);
        if (!c.reviewers().contains(reviewer)) {
            throw new BadInputException(file + ": sheet " + INSTRUCTIONS + ", row " + (REVIEWER_ROW + 1) + ": '" + reviewer
                    + "' is not a reviewer of this campaign");
        }
        Map<String, AccessItem> byId = new LinkedHashMap<>();
        c.items().forEach(i -> byId.put(i.id(), i));
        List<String> problems = new ArrayList<>();
        List<Campaign.Decision> decisions = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> headers = new ArrayList<>(LOCKED.keySet());
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            String where = "sheet " + REVIEW + ", row " + (r + 1) + ": ";
            if (row == null || allBlank(row)) {
                continue;
            }
            String itemId = cell(row, ITEM_COL);
            AccessItem item = byId.get(itemId);
            if (item == null) {
                problems.add(where + "item id '" + itemId + "' is not in this campaign (a row added or edited)");
                continue;
            }
            if (seen.put(itemId, r + 1) != null) {
                problems.add(where + "item " + itemId + " appears twice (also row " + seen.get(itemId) + ")");
                continue;
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < LOCKED.size(); i++) {
                got.add(cell(row, FIRST_LOCKED_COL + i));
            }
            String code = cell(row, CODE_COL);
            if (!IntegrityKey.same(code, key.code(c.id(), reviewer, itemId, got))) {
                if (!item.reviewer().equals(reviewer) && IntegrityKey.same(code, key.code(c.id(), item.reviewer(), itemId, got))) {
                    problems.add(where + "item " + itemId + " is for reviewer " + item.reviewer()
                            + ", but the workbook was returned as " + reviewer + "'s (a row or workbook of another reviewer)");
                    continue;
                }
                List<String> expected = lockedCells(item);
                String edited = null;
                for (int i = 0; i < got.size(); i++) {
                    if (!got.get(i).equals(expected.get(i))) {
                        edited = "locked cell '" + headers.get(i) + "' was edited ('" + expected.get(i) + "' became '" + got.get(i) + "')";
                        break;
                    }
                }
                problems.add(where + "item " + itemId + ": " + (edited != null ? edited : "the integrity code does not match (the row was edited)"));
                continue;
            }
            if (!item.reviewer().equals(reviewer)) {
                problems.add(where + "item " + itemId + " is for reviewer " + item.reviewer() + ", not " + reviewer);
                continue;
            }
            String decision = cell(row, DECISION_COL).trim();
            String comment = cell(row, COMMENT_COL).trim();
            if (decision.isEmpty()) {
                problems.add(where + "item " + itemId + " (" + item.person() + ", " + item.permissionSetName() + " in " + item.accountId()
                        + ") has no decision; choose Keep, Revoke or Change");
                continue;
            }
            String canonical = Campaign.DECISIONS.stream().filter(d -> d.equalsIgnoreCase(decision)).findFirst().orElse(null);
            if (canonical == null) {
                problems.add(where + "item " + itemId + ": decision '" + decision + "' is not one of Keep, Revoke, Change");
                continue;
            }
            if (canonical.equals("Change") && comment.isEmpty()) {
                problems.add(where + "item " + itemId + ": a Change needs a comment saying what to change");
                continue;
            }
            decisions.add(new Campaign.Decision(itemId, canonical, comment));
        }
        for (AccessItem i : c.itemsOf(reviewer)) {
            if (!seen.containsKey(i.id())) {
                problems.add("sheet " + REVIEW + ": item " + i.id() + " (" + i.person() + ", " + i.permissionSetName() + " in "
                        + i.accountId() + ") is missing: a row was deleted");
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(file + ": refused, nothing imported:\n  " + String.join("\n  ", problems));
        }
        return new Returned(file, sha, reviewer, decisions);
    }

    private static final DataFormatter FORMAT = new DataFormatter();

    private static String cell(Row row, int col) {
        if (row == null) {
            return "";
        }
        Cell cell = row.getCell(col);
        return cell == null ? "" : FORMAT.formatCellValue(cell);
    }

    private static boolean allBlank(Row row) {
        for (int i = ITEM_COL; i <= COMMENT_COL; i++) {
            if (!cell(row, i).isBlank()) {
                return false;
            }
        }
        return true;
    }
}
