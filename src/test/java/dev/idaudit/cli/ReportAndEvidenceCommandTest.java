package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.evidence.Manifest;
import dev.idaudit.evidence.RunStore;
import dev.idaudit.evidence.RunWriter;
import dev.idaudit.evidence.Signing;
import dev.idaudit.report.ReportFixtures;
import dev.idaudit.report.ReportInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idaudit report} and {@code idaudit evidence verify} on a run stored the way {@code run} stores one. */
class ReportAndEvidenceCommandTest {
    @TempDir Path tmp;

    record Result(int exit, String out, String err) {}

    static Result idaudit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A complete run: snapshot, report data, every report, manifest. */
    private Path storedRun() throws Exception {
        return storedRun(Instant.parse("2026-11-28T03:00:00Z"), null);
    }

    private Path storedRun(Instant started, Signing.Signer signer) throws Exception {
        ReportInput input = ReportFixtures.input();
        try (RunWriter run = RunStore.at(tmp.resolve("store")).begin(started)) {
            run.signWith(signer);
            run.write("findings.json", "[]".getBytes(StandardCharsets.UTF_8));
            RunReports.write(run, input, ReportFormats.all(null));
            return run.commit(new Manifest.Details("1.2.3", Instant.parse("2026-11-28T03:00:42Z"), "sha256:r", "sha256:c",
                    List.of(new Manifest.Source("okta", "https://acme.okta.com")), input.collectionIssues()));
        }
    }

    @Test
    void evidenceVerifyPassesOnAFreshRunAndNamesTheFileAfterOneByteChanges() throws Exception {
        Path run = storedRun();
        Result ok = idaudit("evidence", "verify", run.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().startsWith("OK 2026-11-28T03-00-00Z: 9 files match manifest.json"), ok.out());
        assertTrue(ok.out().contains("UNSIGNED 2026-11-28T03-00-00Z: the manifest is not signed"), "an unsigned run says so: " + ok.out());

        Path csv = run.resolve("findings.csv");
        byte[] bytes = Files.readAllBytes(csv);
        bytes[bytes.length / 2]++;
        Files.write(csv, bytes);
        Result bad = idaudit("evidence", "verify", run.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("changed: findings.csv"), bad.out());
        assertFalse(bad.out().contains("report.html"), "only the changed file is named");
    }

    @Test
    void keygenThenSignedRunsVerifyAndRequireSignedGatesOnTheUnsignedOne() throws Exception {
        Result keygen = idaudit("evidence", "keygen", "--out", tmp.resolve("keys/evidence").toString());
        assertEquals(0, keygen.exit(), keygen.err());
        Path key = tmp.resolve("keys/evidence.key");
        Path pub = tmp.resolve("keys/evidence.pub.pem");
        String fingerprint = Signing.fingerprint(Signing.readPublicKey(pub));
        assertTrue(keygen.out().contains("fingerprint: " + fingerprint), keygen.out());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        storedRun(Instant.parse("2026-11-28T03:00:00Z"), null);
        Path signed = storedRun(Instant.parse("2026-12-05T03:00:00Z"), Signing.keyFile(key));
        Result one = idaudit("evidence", "verify", signed.toString(), "--public-key", pub.toString());
        assertEquals(0, one.exit(), one.out() + one.err());
        assertTrue(one.out().contains("SIGNED 2026-12-05T03-00-00Z: key " + fingerprint + ", SHA256withECDSA: the signature verifies under "
                + "the pinned --public-key"), one.out());

        String store = tmp.resolve("store").toString();
        Result chain = idaudit("evidence", "verify", "--store", store, "--public-key", pub.toString());
        assertEquals(0, chain.exit(), chain.out());
        assertTrue(chain.out().contains("OK store " + store + ": 2 runs, 0 chain problems, 1 not signed; newest run 2026-12-05T03-00-00Z"),
                chain.out());
        Result gate = idaudit("evidence", "verify", "--store", store, "--public-key", pub.toString(), "--require-signed");
        assertEquals(1, gate.exit(), "the first run is unsigned: " + gate.out());
        Result unpinned = idaudit("evidence", "verify", "--store", store, "--require-signed");
        assertEquals(2, unpinned.exit());
        assertTrue(unpinned.err().contains("--require-signed needs --public-key"), unpinned.err());

        Path manifest = signed.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"finishedAt\" : \"2026-11-28T03:00:42Z\"", "\"finishedAt\" : \"2026-11-28T03:00:01Z\""));
        Result edited = idaudit("evidence", "verify", "--store", store, "--public-key", pub.toString());
        assertEquals(1, edited.exit());
        assertTrue(edited.out().contains("MODIFIED 2026-12-05T03-00-00Z: the run differs from manifest.json\nchanged field: finishedAt\n"),
                edited.out());
        assertTrue(edited.out().contains("BROKEN store"), edited.out());
    }

    @Test
    void helpListsTheCommands() {
        Result r = idaudit("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("report") && r.out().contains("evidence"), r.out());
        Result verifyHelp = idaudit("evidence", "verify", "--help");
        assertTrue(verifyHelp.out().contains("names any file changed"), verifyHelp.out());
    }

    @Test
    void evidenceVerifyOnADirectoryThatIsNotARunIsABadInput() {
        Result r = idaudit("evidence", "verify", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a run directory"), r.err());
    }

    @Test
    void reportRendersAStoredRunAgainWithoutTouchingIt() throws Exception {
        Path run = storedRun();
        Path out = tmp.resolve("again");
        Result r = idaudit("report", "--run", run.toString(), "--format", "md,csv,sarif", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(out.resolve("summary.md").toString(), out.resolve("findings.csv").toString(),
                out.resolve("findings.sarif").toString()), r.out().lines().toList());
        for (String name : List.of("summary.md", "findings.csv", "findings.sarif")) {
            assertEquals(Files.readString(run.resolve(name)), Files.readString(out.resolve(name)), name + " renders the same");
        }
        Result html = idaudit("report", "--run", run.toString(), "--format", "html", "--out", out.toString());
        assertEquals(0, html.exit(), html.err());
        String page = Files.readString(out.resolve("report.html"));
        String csvHash = dev.idaudit.evidence.Digests.sha256Hex(run.resolve("findings.csv"));
        assertTrue(page.contains(csvHash), "re-rendered evidence lists every file of the stored run");
        assertEquals(0, idaudit("evidence", "verify", run.toString()).exit(), "the run is unchanged");
    }

    @Test
    void reportLinksRuleDocumentationOnlyUnderTheDocsUrlGiven() throws Exception {
        Path run = storedRun();
        Path out = tmp.resolve("docs");
        assertEquals(0, idaudit("report", "--run", run.toString(), "--format", "sarif,html", "--out", out.toString()).exit());
        assertFalse(Files.readString(out.resolve("findings.sarif")).contains("helpUri"), "no address unless one is set");
        assertFalse(Files.readString(out.resolve("report.html")).contains("href=\"http"), "no link leaves the report unless a docs URL is set");
        Result r = idaudit("report", "--run", run.toString(), "--format", "sarif,html", "--out", out.toString(),
                "--docs-url", "https://wiki.example.test/idaudit/rules");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(out.resolve("findings.sarif"))
                .contains("\"helpUri\" : \"https://wiki.example.test/idaudit/rules/sync_deprovisioned_users_removed.md\""));
        assertTrue(Files.readString(out.resolve("report.html"))
                .contains("href=\"https://wiki.example.test/idaudit/rules/sync_deprovisioned_users_removed.md\""));
        Result bad = idaudit("report", "--run", run.toString(), "--out", out.toString(), "--docs-url", "javascript:alert(1)");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--docs-url: not an http(s) address"), bad.err());
    }

    @Test
    void reportWithUserTemplatesAndRefusals() throws Exception {
        Path run = storedRun();
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(templates.resolve("report.css"), "body { color: #010203; }");
        Path out = tmp.resolve("custom");
        Result r = idaudit("report", "--run", run.toString(), "--format", "html", "--templates", templates.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("#010203"));

        Result unknown = idaudit("report", "--run", run.toString(), "--format", "pdf", "--out", out.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown report format 'pdf'"), unknown.err());

        Result intoRun = idaudit("report", "--run", run.toString(), "--out", run.toString());
        assertEquals(2, intoRun.exit());
        assertTrue(intoRun.err().contains("must not change"), intoRun.err());
    }
}
