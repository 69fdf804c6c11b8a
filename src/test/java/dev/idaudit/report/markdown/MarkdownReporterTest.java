package dev.idaudit.report.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.report.Golden;
import dev.idaudit.report.ReportFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReporterTest {
    @TempDir Path dir;

    @Test
    void summarisesTheRunAsTheGoldenFileShows() throws Exception {
        Path out = dir.resolve("summary.md");
        new MarkdownReporter().write(ReportFixtures.input(), out);
        Golden.assertMatches(getClass(), "summary.md", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void hostileNamesCannotInjectHtmlLinksOrMentions() throws Exception {
        Path out = dir.resolve("summary.md");
        new MarkdownReporter().write(ReportFixtures.input(), out);
        String md = Files.readString(out, StandardCharsets.UTF_8);
        assertFalse(md.contains("<img"), md);
        assertFalse(md.contains("</script>"), md);
        assertFalse(md.contains("@channel"), md);
        assertTrue(md.contains("&lt;img src=x onerror=alert(1)&gt;"), md);
        assertEquals("a \\| b", MarkdownReporter.escape("a | b"), "a pipe cannot end a table cell");
        assertEquals("\\[x\\](http://evil)", MarkdownReporter.escape("[x](http://evil)"), "no link");
    }

    @Test
    void terminalControlCharactersInANameAreShownEscaped() throws Exception {
        Path out = dir.resolve("summary.md");
        new MarkdownReporter().write(ReportFixtures.withTerminalControls(), out);
        String md = Files.readString(out, StandardCharsets.UTF_8);
        ReportFixtures.assertNoRawTerminalControls(md);
        // Markdown escapes the backslash itself, so the page shows \u001b
        assertTrue(md.contains(ReportFixtures.TERMINAL_CONTROLS_ESCAPED.replace("\\", "\\\\")), md);
    }

    @Test
    void listsWaiversCoveringEveryResourceAndOnlyThen() throws Exception {
        Path out = dir.resolve("summary.md");
        new MarkdownReporter().write(ReportFixtures.input(), out);
        assertFalse(Files.readString(out, StandardCharsets.UTF_8).contains("all resources"));
        new MarkdownReporter().write(ReportFixtures.withAllResourcesWaiver(), out);
        assertTrue(Files.readString(out, StandardCharsets.UTF_8).contains("**Waivers covering every resource of their rule (all resources):** "
                + "`sync_deprovisioned_users_removed` (`*`, SEC-9, until 2027-01-31)"), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void listsAtMostTwentyFailuresAndCountsTheRest() throws Exception {
        Path out = dir.resolve("summary.md");
        new MarkdownReporter().write(ReportFixtures.large(1000), out);
        String md = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(md.contains("… and 180 more failures in the full report."), md);
        assertEquals(MarkdownReporter.MAX_FINDINGS, md.lines().filter(l -> l.startsWith("| ") && l.contains("reason number")).count());
    }
}
