package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --redact-pii KEYFILE} end to end: the acme sandbox collected with a key, checked, and
 * rendered in every format. No login, email or name of the acme cast is left in any file, the
 * findings are the same in number and status as without redaction, and the same key gives the
 * same pseudonyms in another run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactPiiEndToEndTest {
    Path dir;

    Path key;
    Path redacted;
    Path redactedAgain;
    Path plain;
    Path redactedFindings;
    Path plainFindings;
    Path runDir;

    @BeforeAll
    void collectCheckAndReport(@TempDir Path tmp) throws Exception {
        dir = tmp;
        key = Files.write(dir.resolve("redact.key"), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        redacted = collect("redacted.json.gz", "--redact-pii", key.toString());
        redactedAgain = collect("redacted-again.json", "--redact-pii", key.toString());
        plain = collect("plain.json");
        redactedFindings = check(redacted, "redacted-findings.json");
        plainFindings = check(plain, "plain-findings.json");

        Snapshot snapshot = SnapshotIO.read(redacted);
        AuditRun.Settings settings = new AuditRun.Settings(null, null, List.of(), null, dev.idaudit.rules.Severity.HIGH, true, false, null);
        runDir = new AuditRun(settings, Clock.systemUTC()).execute(dir.resolve("runs"), null, () -> snapshot,
                List.of(new dev.idaudit.report.ReportInput.Source("okta", "https://acme.okta.com")),
                new java.io.PrintWriter(java.io.Writer.nullWriter())).runDir();
    }

    private Path collect(String name, String... extra) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("collect", "--sandbox", "acme", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        CollectCommandTest.Result r = CollectCommandTest.run(args.toArray(String[]::new));
        assertTrue(Files.isRegularFile(out), r.err());
        return out;
    }

    private Path check(Path snapshot, String name) {
        Path out = dir.resolve(name);
        CollectCommandTest.Result r = CollectCommandTest.run("check", "--snapshot", snapshot.toString(), "--out", out.toString(),
                "--fail-on", "none", "--allow-incomplete", "--quiet");
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void noLoginEmailOrNameOfTheCastIsInAnyOutputFile() throws Exception {
        List<Pattern> pii = castPii();
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(redacted.toString(), text(redacted));
        outputs.put(redactedAgain.toString(), text(redactedAgain));
        outputs.put(redactedFindings.toString(), text(redactedFindings));
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : files.toList()) {
                outputs.put(f.toString(), text(f));
            }
        }
        Set<String> formats = outputs.keySet().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).collect(Collectors.toSet());
        assertTrue(formats.containsAll(Set.of("snapshot.json.gz", "findings.json", "report.html", "report.xlsx", "findings.sarif",
                "junit.xml", "findings.csv", "summary.md")), "every format was rendered: " + formats);

        // Ids are kept on purpose (joins need them) and are opaque in a real org; the sandbox's spell a first name.
        Set<String> ids = castIds();
        outputs.replaceAll((file, text) -> {
            for (String id : ids) {
                text = text.replace(id, "<id>");
            }
            return text;
        });
        List<String> leaks = new ArrayList<>();
        outputs.forEach((file, text) -> pii.forEach(p -> {
            var m = p.matcher(text);
            if (m.find()) {
                leaks.add(file + ": '" + m.group() + "' near: " + text.substring(Math.max(0, m.start() - 80), Math.min(text.length(), m.end() + 40)));
            }
        }));
        assertEquals(List.of(), leaks);

        // and the check is able to fail: the same patterns find the cast in the plain snapshot
        String plainText = text(plain);
        assertTrue(pii.stream().filter(p -> p.matcher(plainText).find()).count() > 20, "the plain snapshot names the cast");
    }

    @Test
    void findingsAreTheSameInNumberAndStatusAsWithoutRedaction() {
        CheckResult withRedaction = CheckResult.read(redactedFindings);
        CheckResult without = CheckResult.read(plainFindings);
        assertEquals(without.findings().size(), withRedaction.findings().size());
        assertEquals(countByRuleAndStatus(without), countByRuleAndStatus(withRedaction));
        assertEquals(without.summary(), withRedaction.summary());
    }

    @Test
    void theSameKeyGivesTheSamePseudonymsInAnotherRun() {
        Snapshot first = SnapshotIO.read(redacted);
        Snapshot second = SnapshotIO.read(redactedAgain);
        List<String> logins = first.okta().users().stream().map(OktaSnapshot.User::login).toList();
        assertEquals(logins, second.okta().users().stream().map(OktaSnapshot.User::login).toList());
        assertTrue(logins.stream().allMatch(l -> l.endsWith("@redacted.invalid")), logins.toString());
        assertEquals(first.okta().users().stream().map(u -> u.firstName() + " " + u.lastName()).toList(),
                second.okta().users().stream().map(u -> u.firstName() + " " + u.lastName()).toList());
        assertEquals(first.aws().identityCenter().users(), second.aws().identityCenter().users());
        // resources named after people carry the same pseudonyms, so findings of two runs line up
        CheckResult againFindings = CheckResult.read(check(redactedAgain, "redacted-again-findings.json"));
        assertEquals(resources(CheckResult.read(redactedFindings)), resources(againFindings));
        assertNotEquals(resources(CheckResult.read(plainFindings)), resources(againFindings), "people's resources were renamed");
    }

    private static Map<String, Long> countByRuleAndStatus(CheckResult r) {
        return r.findings().stream().collect(Collectors.groupingBy(f -> f.ruleId() + " " + f.status(), java.util.TreeMap::new,
                Collectors.counting()));
    }

    private static List<String> resources(CheckResult r) {
        return r.findings().stream().map(f -> f.ruleId() + " " + f.status() + " " + (f.resource() == null ? "" : f.resource().id())
                + " " + (f.resource() == null ? "" : f.resource().name())).sorted().toList();
    }

    /**
     * The cast's logins and emails (anywhere, any case) and names: full names, and first and last
     * names as whole words, except words our own rule pack uses (e.g. "Admin").
     */
    private static List<Pattern> castPii() throws Exception {
        Scenario acme = Scenario.load("acme");
        Set<String> addresses = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (JsonNode u : acme.okta().path("users")) {
            JsonNode p = u.path("profile");
            addresses.add(p.path("login").asText());
            addresses.add(p.path("email").asText());
            names.add(p.path("firstName").asText());
            names.add(p.path("lastName").asText());
            names.add(p.path("firstName").asText() + " " + p.path("lastName").asText());
        }
        for (JsonNode u : acme.aws().findValues("users").stream().flatMap(n -> iterable(n).stream()).toList()) {
            for (String field : List.of("userName", "email")) {
                if (u.path(field).isTextual()) {
                    addresses.add(u.path(field).asText());
                }
            }
            if (u.path("givenName").isTextual()) {
                names.add(u.path("givenName").asText());
                names.add(u.path("familyName").asText());
                names.add(u.path("givenName").asText() + " " + u.path("familyName").asText());
            }
        }
        addresses.removeIf(String::isBlank);
        names.removeIf(String::isBlank);
        String rulePack;
        try (Stream<Path> rules = Files.list(Path.of("rules"))) {
            StringBuilder b = new StringBuilder();
            for (Path r : rules.filter(Files::isRegularFile).toList()) {
                b.append(Files.readString(r));
            }
            rulePack = b.toString();
        }
        List<Pattern> out = new ArrayList<>();
        addresses.forEach(a -> out.add(Pattern.compile(Pattern.quote(a), Pattern.CASE_INSENSITIVE)));
        names.stream().filter(n -> !Pattern.compile("\\b" + Pattern.quote(n) + "\\b").matcher(rulePack).find())
                .forEach(n -> out.add(Pattern.compile("\\b" + Pattern.quote(n) + "\\b")));
        assertTrue(addresses.size() >= 10 && names.size() >= 20, addresses + " " + names);
        assertFalse(out.isEmpty());
        return out;
    }

    /** The user ids of the cast on both sides (Okta ids and Identity Store UserIds). */
    private static Set<String> castIds() {
        Scenario acme = Scenario.load("acme");
        Set<String> ids = new TreeSet<>();
        acme.okta().path("users").forEach(u -> ids.add(u.path("id").asText()));
        acme.aws().findValues("users").forEach(list -> list.forEach(u -> ids.add(u.path("id").asText())));
        ids.removeIf(String::isBlank);
        return ids;
    }

    private static List<JsonNode> iterable(JsonNode n) {
        List<JsonNode> l = new ArrayList<>();
        n.forEach(l::add);
        return l;
    }

    /** A file as text: gzip unpacked, a workbook as the text of every cell. */
    private static String text(Path f) throws Exception {
        String name = f.getFileName().toString();
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (name.endsWith(".xlsx")) {
            StringBuilder b = new StringBuilder();
            DataFormatter fmt = new DataFormatter();
            try (Workbook wb = WorkbookFactory.create(f.toFile(), null, true)) {
                for (Sheet sheet : wb) {
                    for (Row row : sheet) {
                        for (Cell cell : row) {
                            b.append(fmt.formatCellValue(cell)).append('\t');
                        }
                        b.append('\n');
                    }
                }
            }
            return b.toString();
        }
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
