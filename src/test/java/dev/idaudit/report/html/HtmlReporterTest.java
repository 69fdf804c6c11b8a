package dev.idaudit.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.report.ReportFixtures;
import dev.idaudit.util.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReporterTest {
    @TempDir Path dir;

    private String render() throws Exception {
        Path out = dir.resolve("report.html");
        new HtmlReporter().write(ReportFixtures.input(), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void hostileNamesAreEscapedInMarkupAndInTheInlineData() throws Exception {
        String html = render();
        assertFalse(html.contains(ReportFixtures.HOSTILE_HTML), "raw <img> payload in the page");
        assertFalse(html.contains("<script>window.__pwned"), "the script payload closed the data block");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped in server-rendered sections");
        assertTrue(html.contains("\\u003cimg src=x onerror=alert(1)\\u003e"), "escaped in the JSON data");
        assertTrue(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1"), "no </script> in the data");
        // exactly our two script blocks
        assertEquals(2, count(html, "<script"), "only the data block and our script");
        assertEquals(2, count(html, "</script>"));
    }

    @Test
    void isSelfContainedAndForbidsNetworkRequests() throws Exception {
        String html = render();
        assertFalse(Pattern.compile("<link\\b|@import|url\\(|<img\\b|<iframe\\b", Pattern.CASE_INSENSITIVE).matcher(html).find());
        Matcher src = Pattern.compile("<[a-z][^>]*\\ssrc\\s*=", Pattern.CASE_INSENSITIVE).matcher(html);
        assertFalse(src.find(), "no element loads anything");
        assertTrue(html.contains("content=\"default-src &#39;none&#39;; script-src &#39;sha256-")
                || html.contains("content=\"default-src 'none'; script-src 'sha256-"), "CSP present");
    }

    @Test
    void showsEverySection() throws Exception {
        String html = render();
        for (String id : new String[] {"summary", "findings", "rules", "access", "reconciliation", "waivers", "issues", "changes", "evidence"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("0 of 3 rules evaluated pass; 2 could not be evaluated"), "pass rate per rule");
        assertTrue(html.contains("<strong>4</strong> failing findings need action"), "failures lead the summary");
        assertTrue(html.contains("Leavers still holding access <span class=\"theme-count\">3 failing</span>"), "theme");
        assertTrue(html.contains("Break-glass user kept outside Okta"), "waiver reason");
        assertTrue(html.contains("2027-01-31"), "waiver expiry");
        assertTrue(html.contains("iam:ListRoles"), "collection issue");
        assertTrue(html.contains("c".repeat(64)), "evidence hash");
        assertTrue(html.contains("Re-enable deactivation sync"), "remediation");
        assertTrue(html.contains("SOC 2 (2017 TSC)"), "framework coverage");
    }

    @Test
    void userTemplatesOverrideSingleFiles() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("report.css"), "body { background: #123456; }");
        Path out = dir.resolve("custom.html");
        new HtmlReporter(templates).write(ReportFixtures.input(), out);
        String html = Files.readString(out);
        assertTrue(html.contains("background: #123456"));
        assertTrue(html.contains("<section id=\"findings\">"), "the built-in main template is still used");
    }

    @Test
    void aBrokenUserTemplateIsABadInputNamingFileAndLine() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("report.ftlh"), "<html>\n${r.noSuchThing}\n</html>");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new HtmlReporter(templates).write(ReportFixtures.input(), dir.resolve("x.html")));
        assertTrue(e.getMessage().contains("report.ftlh, line 2"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.html")), "no half-written report");
    }

    @Test
    void twentyThousandFindingsRenderAsCompactData() throws Exception {
        Path out = dir.resolve("large.html");
        var input = ReportFixtures.large(20_000);
        new HtmlReporter().write(input, out); // warm up
        long start = System.nanoTime();
        new HtmlReporter().write(input, out);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes = Files.size(out);
        System.out.printf("HTML report, 20,000 findings: %d ms, %d KiB%n", millis, bytes / 1024);
        // The time is printed, not asserted: it measures the machine as much as the code (see docs/performance.md).
        assertTrue(bytes < 8 * 1024 * 1024, "size " + bytes);
    }

    @Test
    void inlineJsonCannotEndItsScriptBlockOrBreakALine() {
        assertEquals("{\"a\":\"\\u003c/script\\u003e \\u0026 \\u2028\"}",
                HtmlModel.escapeForScript("{\"a\":\"</script> & \u2028\"}"));
    }

    @Test
    void ruleDocumentationLinksAreOnlyWebLinks() {
        assertEquals("https://example.test/rules/x", HtmlModel.webLink("https://example.test/rules/x"));
        assertEquals(null, HtmlModel.webLink("javascript:alert(1)"));
        assertEquals(null, HtmlModel.webLink("https://x\" onmouseover=\"alert(1)"));
        assertEquals(null, HtmlModel.webLink("data:text/html,<script>alert(1)</script>"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void marksAWaiverCoveringEveryResourceInTheWaiverList() throws Exception {
        Path out = dir.resolve("all.html");
        new HtmlReporter().write(ReportFixtures.withAllResourcesWaiver(), out);
        String html = Files.readString(out, StandardCharsets.UTF_8);
        String waivers = html.substring(html.indexOf("<section id=\"waivers\">"));
        assertTrue(waivers.indexOf("*</td>") < 0 && waivers.contains("* <strong class=\"waiver-all\">(all resources)</strong>"), waivers);
        assertTrue(waivers.indexOf("(all resources)") < waivers.indexOf("u-0004"), "listed first");
        assertFalse(render().contains("(all resources)"), "only such waivers are marked");
    }
}
