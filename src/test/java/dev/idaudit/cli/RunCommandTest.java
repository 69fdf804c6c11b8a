package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.evidence.EvidenceVerifier;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Status;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.testing.ChildJvm;
import dev.idaudit.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    private static final Set<String> RUN_FILES = Set.of("snapshot.json.gz", "findings.json", "report.html", "report.xlsx",
            "findings.sarif", "junit.xml", "findings.csv", "summary.md", "manifest.json", "report-data.json");

    private static Set<String> files(Path runDir) throws Exception {
        try (var s = Files.list(runDir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static List<Path> runs(Path store) throws Exception {
        try (var s = Files.list(store)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void demoFilesACompleteVerifiableRunOfTheSandboxAndExitsZero() throws Exception {
        Path store = dir.resolve("demo");
        CollectCommandTest.Result r = CollectCommandTest.run("demo", "--out", store.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        List<Path> runs = runs(store);
        assertEquals(1, runs.size());
        Path run = runs.get(0);
        assertEquals(RUN_FILES, files(run));
        assertTrue(r.out().contains("Report: " + run.resolve("report.html").toAbsolutePath()), r.out());
        assertTrue(EvidenceVerifier.verify(run).ok(), "a fresh run verifies");

        CheckResult findings = CheckResult.read(run.resolve("findings.json"));
        assertTrue(findings.findings().stream().anyMatch(f -> f.status() == Status.FAIL && f.ruleId().equals("sync_deprovisioned_users_removed")));
        assertEquals("sandbox:acme", SnapshotIO.read(run.resolve("snapshot.json.gz")).metadata().source());
        Manifest manifest = Manifest.read(run);
        assertEquals(findings.rulePack().digest(), manifest.rulePackDigest());

        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Every file of a run names people: reports are as private as findings.json and the snapshot.
            try (var all = Files.walk(run)) {
                for (Path p : all.toList()) {
                    assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------",
                            PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), run.relativize(p).toString());
                }
            }
        }
        String startedAt = Json.json().readTree(run.resolve("report-data.json").toFile()).at("/run/startedAt").asText();
        assertTrue(startedAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "reports show times to the second: " + startedAt);

        // A second run knows the first.
        CollectCommandTest.run("demo", "--out", store.toString(), "--quiet");
        assertEquals(2, runs(store).size());
        String html = Files.readString(runs(store).get(1).resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains(runs.get(0).getFileName().toString()), "the second report names the run it is compared with");
    }

    @Test
    void demosDefaultOutputIsIgnoredByGit() throws Exception {
        String out = new picocli.CommandLine(new DemoCommand()).getCommandSpec().findOption("--out").defaultValue();
        List<String> ignored = Files.readAllLines(Path.of(".gitignore")).stream().map(String::strip).toList();
        assertTrue(ignored.contains(out + "/") || ignored.contains("/" + out + "/"),
                "demo run from the repository writes " + out + "/, which .gitignore must cover: " + ignored);
    }

    @Test
    void aBadWaiverFileStopsTheRunBeforeAnythingIsCollectedOrFiled() throws Exception {
        Path config = dir.resolve("idaudit.yaml");
        Files.writeString(config, "okta:\n  orgUrl: https://acme.okta.com\naws:\n  region: us-east-1\n");
        Path waivers = dir.resolve("waivers.yaml");
        Files.writeString(waivers, "waivers:\n  - rule: no_such_rule\n    resource: x\n");
        Path store = dir.resolve("runs");
        ProcessResult p = subprocess(Map.of("OKTA_API_TOKEN", "t"), "run", "--config", config.toString(), "--waivers",
                waivers.toString(), "--out", store.toString());
        assertEquals(2, p.code(), p.output());
        assertTrue(p.output().contains("waivers.yaml"), p.output());
        assertFalse(Files.exists(store) && !runs(store).isEmpty(), "no run filed");
    }

    /** run --config against the sandbox served as a real org: the exit code gates on high findings. */
    @Test
    void runGatesOnHighFindingsAndFilesTheRunAnyway() throws Exception {
        try (Sandbox sandbox = Sandbox.start(Scenario.load("acme"))) {
            Path config = dir.resolve("idaudit.yaml");
            Files.writeString(config, SandboxCommand.config(sandbox));
            Path store = dir.resolve("runs");
            Map<String, String> env = Map.of("OKTA_API_TOKEN", OktaEmulator.API_TOKEN, "AWS_ACCESS_KEY_ID", Sandbox.AWS_ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", Sandbox.AWS_SECRET_ACCESS_KEY, "AWS_REGION", "us-east-1");
            ProcessResult gated = subprocess(env, "run", "--config", config.toString(), "--out", store.toString(), "--quiet");
            assertEquals(1, gated.code(), gated.output());
            assertTrue(gated.output().contains("FAILED"), gated.output());
            // The second run is signed with the key idaudit.yaml names (evidence.signingKey).
            dev.idaudit.evidence.Signing.keygen("ec", dir.resolve("evidence.key"), dir.resolve("evidence.pub.pem"));
            Files.writeString(config, Files.readString(config) + "evidence:\n  signingKey: evidence.key\n");
            ProcessResult lenient = subprocess(env, "run", "--config", config.toString(), "--out", store.toString(), "--quiet",
                    "--fail-on", "none");
            assertEquals(0, lenient.code(), lenient.output());
            List<Path> runs = runs(store);
            assertEquals(2, runs.size());
            assertEquals("live", SnapshotIO.read(runs.get(1).resolve("snapshot.json.gz")).metadata().source());
            assertFalse(Files.readString(runs.get(1).resolve("manifest.json")).contains(OktaEmulator.API_TOKEN), "no token in the manifest");
            EvidenceVerifier.StoreVerification sv = EvidenceVerifier.verifyStore(runs,
                    dev.idaudit.evidence.Signing.readPublicKey(dir.resolve("evidence.pub.pem")));
            assertTrue(sv.ok(), sv.toString());
            assertFalse(sv.runs().get(0).signed());
            assertTrue(sv.runs().get(1).signed(), "signed with the configured key");
            assertEquals(runs.get(0).getFileName().toString(), sv.runs().get(1).chain().previousRunId());
            assertTrue(Files.readString(runs.get(1).resolve(Manifest.Inputs.CONFIG_FILE)).contains("\"signingKey\""),
                    "the run keeps its config");
        }
    }

    record ProcessResult(int code, String output) {}

    static ProcessResult subprocess(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(Main.class, args)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OKTA_"));
        pb.environment().putAll(env);
        pb.environment().put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "idaudit did not finish");
        return new ProcessResult(p.exitValue(), out);
    }
}
