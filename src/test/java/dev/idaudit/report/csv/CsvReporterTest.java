package dev.idaudit.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.report.Golden;
import dev.idaudit.report.ReportFixtures;
import dev.idaudit.report.ReportInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReporterTest {
    @TempDir Path dir;

    @Test
    void writesEveryFindingAsOneRowMatchingTheGoldenFile() throws Exception {
        Path out = dir.resolve("findings.csv");
        new CsvReporter().write(ReportFixtures.input(), out);
        String csv = Files.readString(out, StandardCharsets.UTF_8);
        Golden.assertMatches(getClass(), "findings.csv", csv);
        assertEquals(ReportFixtures.findings().size() + 1, csv.split("\r\n").length);
    }

    @Test
    void prefixesFormulaLookingValuesWithAnApostrophe() throws Exception {
        Path out = dir.resolve("findings.csv");
        new CsvReporter().write(ReportFixtures.input(), out);
        String csv = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://127.0.0.1:9/x\"\",\"\"click\"\")\","), csv);
        assertTrue(csv.contains(",'-management,"), "an account named -management is inert");
        for (String line : csv.split("\r\n")) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertTrue(bare.isEmpty() || "=+-@\t\r".indexOf(bare.charAt(0)) < 0, "live formula cell: " + cell);
            }
        }
    }

    @Test
    void terminalControlCharactersInANameAreShownEscapedAndFormulasStayInert() throws Exception {
        Path out = dir.resolve("findings.csv");
        new CsvReporter().write(ReportFixtures.withTerminalControls(), out);
        String csv = Files.readString(out, StandardCharsets.UTF_8);
        ReportFixtures.assertNoRawTerminalControls(csv);
        assertTrue(csv.contains("," + ReportFixtures.TERMINAL_CONTROLS_ESCAPED + ","), csv);
        assertTrue(csv.contains(",\"'=HYPERLINK("), "formula neutralisation still applies: " + csv);
    }

    @Test
    void eachRowCarriesTheFindingsAccountsRiskRemediationRequirementsFirstSeenAndEvidence() throws Exception {
        ReportInput input = ReportFixtures.explained();
        Path out = dir.resolve("findings.csv");
        new CsvReporter().write(input, out);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(CsvReporter.HEADER, header);
        String rule = input.rules().get(0).id();
        String row = lines.stream().filter(l -> l.startsWith(rule + ",")).findFirst().orElseThrow();
        assertTrue(row.contains(",222222222222,acme-prod,Leavers keep access.,Disable the user.,IAM Identity Center > Users > Disable,"
                + "aws identitystore list-users --identity-store-id d-1,"), row);
        assertTrue(row.contains(",https://docs.aws.amazon.com/singlesignon/latest/userguide/disableuser.html,"
                + "soc2 CC6.2 Registration and authorization,2026-11-21T03-00-00Z,2026-11-21T03:00:00Z,STILL_FAILING,"
                + "\".okta.users[] | select(.id == \"\"00u1\"\")\""), row);
        String other = lines.stream().filter(l -> l.startsWith("sync_no_orphan_identity_center_users,")).findFirst().orElseThrow();
        assertTrue(other.contains(",Delete the orphan user from the Identity Store or assign the Okta user to the app.,"),
                "a rule known by its one line: " + other);
    }

    @Test
    void quotesValuesWithSeparatorsQuotesAndLineBreaks() {
        assertEquals("plain", CsvReporter.quote("plain"));
        assertEquals("\"a,b\"", CsvReporter.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReporter.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvReporter.quote("two\nlines"));
    }
}
