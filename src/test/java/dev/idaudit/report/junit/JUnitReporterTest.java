package dev.idaudit.report.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.report.Golden;
import dev.idaudit.report.ReportFixtures;
import dev.idaudit.report.ReportInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JUnitReporterTest {
    @TempDir Path dir;

    @Test
    void matchesTheGoldenFile() throws Exception {
        Path out = dir.resolve("junit.xml");
        new JUnitReporter().write(ReportFixtures.input(), out);
        Golden.assertMatches(getClass(), "junit.xml", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void hasATestcasePerRuleAndResourceWithFailuresForFail() throws Exception {
        Path out = dir.resolve("junit.xml");
        new JUnitReporter().write(ReportFixtures.input(), out);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
        Element root = doc.getDocumentElement();
        // 9 findings + one skipped case for org_all_features_enabled, which produced none
        assertEquals("10", root.getAttribute("tests"));
        assertEquals("4", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("errors"));
        assertEquals("3", root.getAttribute("skipped"), "WAIVED, NOT_EVALUATED, and the rule without findings");
        assertEquals(5, doc.getElementsByTagName("testsuite").getLength());
        assertEquals(10, doc.getElementsByTagName("testcase").getLength());
        assertEquals(4, doc.getElementsByTagName("failure").getLength());
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("Okta user " + ReportFixtures.HOSTILE_HTML + " is DEPROVISIONED but ENABLED in the Identity Store",
                failure.getAttribute("message"), "the hostile name round-trips as text");
    }

    @Test
    void controlCharactersAreShownEscapedNotRaw() throws Exception {
        ReportInput in = ReportFixtures.input();
        var f = in.findings().get(0);
        var bad = new dev.idaudit.rules.Finding(f.ruleId(), f.title(), f.status(), f.severity(), f.resource(),
                "bell\u0007 and nul\u0000", f.remediation(), f.frameworks(), null);
        ReportInput input = new ReportInput(in.run(), in.snapshot(), List.of(bad), in.rules(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of());
        Path out = dir.resolve("junit.xml");
        new JUnitReporter().write(input, out);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
        assertEquals("bell\\u0007 and nul\\u0000", ((Element) doc.getElementsByTagName("failure").item(0)).getAttribute("message"));
    }
}
