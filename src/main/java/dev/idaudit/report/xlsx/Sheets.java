package dev.idaudit.report.xlsx;

import dev.idaudit.report.SpreadsheetText;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFHyperlink;

/**
 * The styles of one workbook and a writer for its tables. Every text cell goes through
 * {@link Table#cell}: a value that looks like a formula gets the quote-prefix style (Excel's
 * leading apostrophe), so it is stored and shown as text and never evaluated.
 * Every sheet prints: landscape, as wide as one page, its header row on every page, the sheet's
 * name and the page number in the page header and footer, its print area the table.
 */
final class Sheets {
    /** Excel's limit for one cell. */
    static final int MAX_CELL_CHARS = 32_767;
    private static final String TRUNCATED = "… [truncated]";

    final SXSSFWorkbook workbook;
    final CellStyle header;
    final CellStyle text;
    final CellStyle inertText;
    final CellStyle number;
    final CellStyle title;
    final CellStyle label;
    final CellStyle link;
    final CellStyle wrapped;
    final Map<Severity, CellStyle> severity = new EnumMap<>(Severity.class);
    final Map<Status, CellStyle> status = new EnumMap<>(Status.class);

    Sheets(SXSSFWorkbook workbook) {
        this.workbook = workbook;
        XSSFFont bold = (XSSFFont) workbook.createFont();
        bold.setBold(true);
        XSSFFont white = (XSSFFont) workbook.createFont();
        white.setBold(true);
        white.setColor(new XSSFColor(rgb(0xFFFFFF), null));
        XSSFFont big = (XSSFFont) workbook.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);

        header = filled(0x0B4F8A, white);
        header.setBorderBottom(BorderStyle.THIN);
        text = workbook.createCellStyle();
        text.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
        inertText = workbook.createCellStyle();
        inertText.cloneStyleFrom(text);
        inertText.setQuotePrefixed(true);
        number = workbook.createCellStyle();
        number.setDataFormat(workbook.createDataFormat().getFormat("#,##0"));
        number.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
        title = workbook.createCellStyle();
        title.setFont(big);
        label = workbook.createCellStyle();
        label.setFont(bold);
        XSSFFont blue = (XSSFFont) workbook.createFont();
        blue.setUnderline(Font.U_SINGLE);
        blue.setColor(new XSSFColor(rgb(0x0B4F8A), null));
        link = workbook.createCellStyle();
        link.cloneStyleFrom(text);
        link.setFont(blue);
        wrapped = workbook.createCellStyle();
        wrapped.cloneStyleFrom(text);
        wrapped.setWrapText(true);

        severity.put(Severity.CRITICAL, filled(0x7A0916, white));
        severity.put(Severity.HIGH, filled(0xF4B6B6, bold));
        severity.put(Severity.MEDIUM, filled(0xFFD9A8, bold));
        severity.put(Severity.LOW, filled(0xC9DDF7, bold));
        status.put(Status.FAIL, filled(0xF8D0CC, bold));
        status.put(Status.PASS, filled(0xCDEBD6, null));
        status.put(Status.WAIVED, filled(0xE2D9F6, null));
        status.put(Status.NOT_EVALUATED, filled(0xE4E7EB, null));
        status.put(Status.ERROR, filled(0xF3C6B5, bold));
    }

    private CellStyle filled(int rgb, Font font) {
        XSSFCellStyle s = (XSSFCellStyle) workbook.createCellStyle();
        s.setVerticalAlignment(org.apache.poi.ss.usermodel.VerticalAlignment.TOP);
        s.setFillForegroundColor(new XSSFColor(rgb(rgb), null));
        s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        if (font != null) {
            s.setFont(font);
        }
        return s;
    }

    private static byte[] rgb(int rgb) {
        return new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb};
    }

    /**
     * A sheet holding one table: a header row, frozen and printed on every page, with an
     * autofilter over every row. It prints as many pages tall as its rows need.
     */
    Table table(String name, List<String> columns, int[] widths) {
        SXSSFSheet sheet = workbook.createSheet(name);
        Row row = sheet.createRow(0);
        for (int i = 0; i < columns.size(); i++) {
            Cell c = row.createCell(i);
            c.setCellValue(columns.get(i));
            c.setCellStyle(header);
            sheet.setColumnWidth(i, Math.min(255, widths[i]) * 256);
        }
        sheet.createFreezePane(0, 1);
        sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
        printSetup(sheet, 0);
        Table t = new Table(this, sheet, columns.size(), null);
        t.widths = widths;
        return t;
    }

    /**
     * A sheet laid out freely (the summary): no header row, no filter, printed on one page. Its
     * columns are made as wide as their longest text (up to {@link #FREE_COLUMN_CHARS}; longer
     * text wraps), so no label is cut; a cell in the {@link #title} style is left out, as it
     * spans the columns beside it.
     */
    Table free(String name, int columns) {
        SXSSFSheet sheet = workbook.createSheet(name);
        printSetup(sheet, 1);
        Table t = new Table(this, sheet, columns, new int[columns]);
        t.next = 0;
        return t;
    }

    /** The widest a free sheet's column gets, in characters: about half a landscape page. */
    static final int FREE_COLUMN_CHARS = 80;

    /** Landscape, one page wide and {@code pagesTall} pages tall (0: as many as needed). */
    private static void printSetup(SXSSFSheet sheet, int pagesTall) {
        sheet.setFitToPage(true);
        PrintSetup setup = sheet.getPrintSetup();
        setup.setLandscape(true);
        setup.setFitWidth((short) 1);
        setup.setFitHeight((short) pagesTall);
        // Excel's header codes: &A the sheet's name (which table a loose page belongs to), &P the page, &N the pages.
        sheet.getHeader().setLeft("&A");
        sheet.getFooter().setCenter("Page &P of &N");
    }

    static final class Table {
        private final Sheets sheets;
        final SXSSFSheet sheet;
        private final int columns;
        /** How many columns, from the first, the print area covers. */
        private int printed;
        /** A table's column widths, in characters (a wrapped cell's row is made as tall as its lines). */
        private int[] widths;
        /** Per column, the link of the last linked cell (see {@link #linkLastCell}). */
        private final XSSFHyperlink[] openLinks;
        /** A free sheet's longest text per column, in characters; null for a table (its widths are given). */
        private final int[] longest;
        private int next = 1;
        private Row row;
        private int col;

        private Table(Sheets sheets, SXSSFSheet sheet, int columns, int[] longest) {
            this.sheets = sheets;
            this.sheet = sheet;
            this.columns = columns;
            this.printed = columns;
            this.longest = longest;
            this.openLinks = new XSSFHyperlink[columns];
        }

        /**
         * Prints only the first {@code n} columns: the long per-rule text after them (remediation)
         * would shrink a printed row to unreadable, and the Rules sheet prints it once per rule.
         */
        Table printColumns(int n) {
            printed = n;
            return this;
        }

        Table row() {
            row = sheet.createRow(next++);
            col = 0;
            return this;
        }

        /** Text; null is an empty cell. */
        Table cell(String value) {
            return cell(value, null);
        }

        Table cell(String value, CellStyle style) {
            if (value == null) {
                col++; // no cell at all: an unstyled blank cell would make POI look up its column's style on writing
                return this;
            }
            String v = value.length() > MAX_CELL_CHARS ? value.substring(0, MAX_CELL_CHARS - TRUNCATED.length()) + TRUNCATED : value;
            if (style == null && longest != null && v.length() > FREE_COLUMN_CHARS) {
                style = sheets.wrapped;
                tallEnoughFor(v, FREE_COLUMN_CHARS);
            }
            styled(v, style != null ? style : sheets.text);
            return this;
        }

        /** Text wrapped to its column's width, its row as tall as its lines (long text in a printed column). */
        Table wrapped(String value) {
            if (value != null && widths != null) {
                tallEnoughFor(value, widths[col]);
            }
            return cell(value, value == null ? null : sheets.wrapped);
        }

        /**
         * The row gets the height of the lines (a column of width w holds about 1.2 w characters of
         * text), so that the page count does not depend on whether a program sizes rows itself.
         */
        private void tallEnoughFor(String value, int chars) {
            int perLine = Math.max(1, chars * 6 / 5);
            int lines = 0;
            for (String line : value.split("\n", -1)) {
                lines += 1 + line.length() / perLine;
            }
            row.setHeightInPoints(Math.max(row.getHeightInPoints(), sheet.getDefaultRowHeightInPoints() * Math.min(lines, 400)));
        }

        /** A cell in a given style (titles, labels, header rows inside a free sheet). */
        Table styled(String value, CellStyle style) {
            Cell c = row.createCell(col++);
            c.setCellValue(value);
            c.setCellStyle(SpreadsheetText.looksLikeFormula(value) ? sheets.inertText : style);
            measure(style == sheets.title ? 0 : value.length());
            return this;
        }

        /**
         * Text that links to a place in this workbook, e.g. {@code 'Rules'!A5}. A value that looks
         * like a formula stays inert text and gets no link.
         */
        Table link(String value, String location) {
            if (value == null || location == null || SpreadsheetText.looksLikeFormula(value)) {
                return cell(value);
            }
            styled(value, sheets.link);
            linkLastCell(HyperlinkType.DOCUMENT, location);
            return this;
        }

        /** Text that links to a web address; only http(s) addresses become links, anything else stays text. */
        Table url(String value, String address) {
            if (value == null || address == null || SpreadsheetText.looksLikeFormula(value) || !isWebAddress(address)) {
                return cell(value);
            }
            styled(value, sheets.link);
            linkLastCell(HyperlinkType.URL, address);
            return this;
        }

        /**
         * Links the cell just written. A cell right below one with the same link widens that
         * link's range instead (a hyperlink's ref may be a range, e.g. C2:C40): findings are sorted
         * by rule, so the Findings sheet needs a few hundred links, not one per finding; each costs
         * an XMLBeans object, and one per finding made a 20,000-finding workbook take 40 % more CPU time.
         */
        private void linkLastCell(HyperlinkType type, String address) {
            int c = col - 1;
            int r = row.getRowNum();
            if (c < openLinks.length && openLinks[c] != null && openLinks[c].getLastRow() == r - 1
                    && openLinks[c].getType() == type && openLinks[c].getAddress().equals(address)) {
                openLinks[c].setLastRow(r);
                return;
            }
            XSSFHyperlink h = (XSSFHyperlink) sheets.workbook.getCreationHelper().createHyperlink(type);
            h.setAddress(address);
            row.getCell(c).setHyperlink(h);
            if (c < openLinks.length) {
                openLinks[c] = h;
            }
        }

        private static boolean isWebAddress(String address) {
            String a = address.toLowerCase(java.util.Locale.ROOT);
            return a.startsWith("https://") || a.startsWith("http://");
        }

        private void measure(int chars) {
            if (longest != null && col - 1 < longest.length) {
                longest[col - 1] = Math.max(longest[col - 1], Math.min(FREE_COLUMN_CHARS, chars));
            }
        }

        /** An empty row. */
        Table gap() {
            next++;
            return this;
        }

        Table number(long value) {
            Cell c = row.createCell(col++);
            c.setCellValue(value);
            c.setCellStyle(sheets.number);
            measure(String.format(java.util.Locale.ROOT, "%,d", value).length());
            return this;
        }

        Table severity(Severity s) {
            return cell(s == null ? null : s.lower(), s == null ? null : sheets.severity.get(s));
        }

        Table status(Status s) {
            return cell(s == null ? null : s.name(), s == null ? null : sheets.status.get(s));
        }

        /**
         * Once all rows are written: the print area over them and, for a table, the autofilter; a
         * free sheet's columns get their widths (a bold label is a little wider than its characters).
         */
        void finish() {
            int last = Math.max(0, next - 1);
            sheets.workbook.setPrintArea(sheets.workbook.getSheetIndex(sheet), 0, printed - 1, 0, last);
            if (longest == null) {
                sheet.setAutoFilter(new CellRangeAddress(0, last, 0, columns - 1));
                return;
            }
            for (int i = 0; i < columns; i++) {
                sheet.setColumnWidth(i, (Math.max(longest[i], 8) * 11 / 10 + 2) * 256);
            }
        }
    }
}
