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
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFont;

/**
 * The styles of one workbook and a writer for its tables. Every text cell goes through
 * {@link Table#cell}: a value that looks like a formula gets the quote-prefix style (Excel's
 * leading apostrophe), so it is stored and shown as text and never evaluated.
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
        title = workbook.createCellStyle();
        title.setFont(big);
        label = workbook.createCellStyle();
        label.setFont(bold);

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

    /** A sheet holding one table: a header row, frozen, with an autofilter over every row. */
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
        return new Table(this, sheet, columns.size());
    }

    /** A sheet laid out freely (the summary): no header row, no filter. */
    Table free(String name, int[] widths) {
        SXSSFSheet sheet = workbook.createSheet(name);
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
        Table t = new Table(this, sheet, widths.length);
        t.next = 0;
        return t;
    }

    static final class Table {
        private final Sheets sheets;
        final SXSSFSheet sheet;
        private final int columns;
        private int next = 1;
        private Row row;
        private int col;

        private Table(Sheets sheets, SXSSFSheet sheet, int columns) {
            this.sheets = sheets;
            this.sheet = sheet;
            this.columns = columns;
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
            Cell c = row.createCell(col++);
            String v = value.length() > MAX_CELL_CHARS ? value.substring(0, MAX_CELL_CHARS - TRUNCATED.length()) + TRUNCATED : value;
            c.setCellValue(v);
            c.setCellStyle(SpreadsheetText.looksLikeFormula(v) ? sheets.inertText : style != null ? style : sheets.text);
            return this;
        }

        /** A cell in a given style (titles, labels, header rows inside a free sheet). */
        Table styled(String value, CellStyle style) {
            Cell c = row.createCell(col++);
            c.setCellValue(value);
            c.setCellStyle(SpreadsheetText.looksLikeFormula(value) ? sheets.inertText : style);
            return this;
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
            return this;
        }

        Table severity(Severity s) {
            return cell(s == null ? null : s.lower(), s == null ? null : sheets.severity.get(s));
        }

        Table status(Status s) {
            return cell(s == null ? null : s.name(), s == null ? null : sheets.status.get(s));
        }

        /** Adds the autofilter once all rows are written (it must cover them). */
        void finish() {
            sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, next - 1), 0, columns - 1));
        }
    }
}
