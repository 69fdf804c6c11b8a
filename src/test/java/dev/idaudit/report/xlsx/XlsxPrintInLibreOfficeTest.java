package dev.idaudit.report.xlsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.cli.Main;
import dev.idaudit.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.xssf.usermodel.XSSFPrintSetup;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acme workbook as the demo writes it, printed to PDF by LibreOffice (one conversion for the
 * class: LibreOffice is slow to start) and read back page by page with pdftotext. Each page names
 * its sheet in the page header, so the pages can be counted per sheet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XlsxPrintInLibreOfficeTest {
    /**
     * Default rows a landscape page holds at full scale, at least: Excel's default row (15 pt) on
     * the 595 pt short side of A4 (612 pt of Letter) less the default margins (0.75 in top and
     * bottom) leaves 487 pt, 32 rows. Fit to width only shrinks a sheet, so a page holds at least this many.
     */
    private static final int ROWS_PER_PAGE = 25;

    @TempDir static Path dir;
    private XSSFWorkbook wb;
    /** Each page's text, in order, with the sheet it belongs to (from its page header). */
    private final List<Page> pages = new ArrayList<>();

    record Page(String sheet, String text) {}

    @BeforeAll
    void printTheAcmeWorkbook() throws Exception {
        Path store = dir.resolve("runs");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(said, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(sink, sink, "demo", "--out", store.toString(), "--quiet"), said.toString(StandardCharsets.UTF_8));
        Path workbook;
        try (Stream<Path> runs = Files.list(store)) {
            workbook = runs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> p.resolve("report.xlsx")).findFirst().orElseThrow();
        }
        try (InputStream in = Files.newInputStream(workbook)) {
            wb = new XSSFWorkbook(in);
        }

        Path pdfDir = Files.createDirectories(dir.resolve("pdf"));
        Path log = dir.resolve("soffice.log");
        // Its own profile: a user's LibreOffice (or another test's) must neither be used nor locked.
        run(log, TestTools.executable("soffice").toString(), "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(),
                "--headless", "--norestore", "--convert-to", "pdf", "--outdir", pdfDir.toString(), workbook.toString());
        Path pdf = pdfDir.resolve("report.pdf");
        assertTrue(Files.isRegularFile(pdf), "LibreOffice wrote no PDF: " + Files.readString(log));
        Path text = dir.resolve("report.txt");
        run(log, TestTools.executable("pdftotext").toString(), "-layout", pdf.toString(), text.toString());
        // pdftotext ends every page with a form feed.
        String[] texts = Files.readString(text).split("\f");
        for (String t : texts) {
            if (!t.isBlank()) {
                pages.add(new Page(t.strip().lines().findFirst().orElseThrow().strip(), t));
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        wb.close();
    }

    private static void run(Path log, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish in 300 s: " + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), command[0] + ": " + Files.readString(log));
    }

    private Map<String, Integer> pagesPerSheet() {
        Map<String, Integer> count = new LinkedHashMap<>();
        pages.forEach(p -> count.merge(p.sheet(), 1, Integer::sum));
        return count;
    }

    private AreaReference printArea(String sheet) {
        return new AreaReference(wb.getPrintArea(wb.getSheetIndex(sheet)), SpreadsheetVersion.EXCEL2007);
    }

    @Test
    void everySheetIsSetUpToPrintLandscapeOnePageWideWithAPrintArea() {
        for (int i = 0; i < wb.getNumberOfSheets(); i++) {
            XSSFSheet sheet = wb.getSheetAt(i);
            String name = sheet.getSheetName();
            XSSFPrintSetup setup = sheet.getPrintSetup();
            assertTrue(setup.getLandscape(), name);
            assertTrue(sheet.getFitToPage(), name);
            assertEquals(1, setup.getFitWidth(), name);
            assertEquals(name.equals("Summary") ? 1 : 0, setup.getFitHeight(), name + ": pages tall");
            String area = wb.getPrintArea(i);
            assertNotNull(area, name + " has no print area");
            AreaReference printed = new AreaReference(area, SpreadsheetVersion.EXCEL2007);
            assertEquals(0, printed.getFirstCell().getRow(), name + ": " + area);
            assertEquals(0, printed.getFirstCell().getCol(), name + ": " + area);
            assertEquals(sheet.getLastRowNum(), printed.getLastCell().getRow(), name + ": every row is printed: " + area);
            assertTrue(printed.getLastCell().getCol() >= 1, name + ": " + area);
            if (!name.equals("Summary")) {
                assertEquals("1:1", sheet.getRepeatingRows().formatAsString(), name + ": print titles");
            }
        }
    }

    @Test
    void everySheetIsPrintedAndEachTablePageRepeatsItsHeaderRow() {
        assertEquals(XlsxReporter.SHEETS, List.copyOf(pagesPerSheet().keySet()), "pages name their sheet, in the workbook's order");
        for (Page page : pages) {
            if (page.sheet().equals("Summary")) {
                continue;
            }
            Row header = wb.getSheet(page.sheet()).getRow(0);
            int lastPrinted = printArea(page.sheet()).getLastCell().getCol();
            for (Cell c : header) {
                if (c.getColumnIndex() > lastPrinted) {
                    continue;
                }
                assertTrue(page.text().contains(c.getStringCellValue()),
                        page.sheet() + ": a page without the header " + c.getStringCellValue() + "\n" + page.text());
            }
        }
    }

    @Test
    void theSummaryPrintsOnOnePageWithItsTitleAndLabelsWhole() {
        assertEquals(1, pagesPerSheet().get("Summary"));
        String summary = pages.get(0).text();
        assertEquals("Summary", pages.get(0).sheet());
        assertTrue(summary.contains("idaudit: Okta → AWS IAM Identity Center access audit"), summary);
        XSSFSheet sheet = wb.getSheet("Summary");
        for (Row row : sheet) {
            for (Cell c : row) {
                if (c.getCellType() != org.apache.poi.ss.usermodel.CellType.STRING || row.getRowNum() == 0) {
                    continue; // the title spans the columns beside it
                }
                String v = c.getStringCellValue();
                boolean wraps = c.getCellStyle().getWrapText();
                assertTrue(wraps || sheet.getColumnWidth(c.getColumnIndex()) / 256 >= v.length(),
                        c.getAddress() + " '" + v + "' is wider than its column");
                if (!wraps) {
                    assertTrue(summary.contains(v), "the printed summary lacks '" + v + "'");
                }
            }
        }
    }

    @Test
    void thePageCountIsProportionateToTheRows() {
        Map<String, Integer> perSheet = pagesPerSheet();
        int bound = 0;
        for (int i = 0; i < wb.getNumberOfSheets(); i++) {
            XSSFSheet sheet = wb.getSheetAt(i);
            // A row made taller for wrapped text counts as the default rows it spans.
            double rows = 0;
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                rows += row == null ? 1 : Math.max(1, row.getHeightInPoints() / sheet.getDefaultRowHeightInPoints());
            }
            int mostPages = 1 + (int) (rows / ROWS_PER_PAGE);
            bound += mostPages;
            assertTrue(perSheet.get(sheet.getSheetName()) <= mostPages,
                    sheet.getSheetName() + ": " + perSheet.get(sheet.getSheetName()) + " pages for " + rows + " rows' height");
        }
        System.out.printf("acme workbook printed: %d pages (at most %d for its rows): %s%n", pages.size(), bound, perSheet);
        assertTrue(pages.size() <= bound, pages.size() + " pages");
    }
}
