package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.testing.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void collectsTheSandboxThroughTheRealClientsIntoASnapshot() {
        Path out = dir.resolve("acme.json.gz");
        Result r = run("collect", "--sandbox", "acme", "--out", out.toString());
        Snapshot s = SnapshotIO.read(out);
        assertEquals("sandbox:acme", s.metadata().source());
        assertEquals("111111111111", s.metadata().managementAccountId());
        assertEquals(10, s.okta().users().size());
        assertTrue(s.aws().identityCenter().users().stream().anyMatch(u -> u.userName().equals("mallory")));
        assertEquals(s.collectionIssues().isEmpty() ? 0 : 3, r.code(), r.err());
        assertTrue(r.err().contains("okta: ") && r.err().contains("(done)"), "progress on stderr: " + r.err());
        assertEquals("", r.out(), "collect prints nothing on stdout");
    }

    @Test
    void quietCollectPrintsNoProgress() {
        Result r = run("collect", "--sandbox", "acme", "--quiet", "--out", dir.resolve("a.json.gz").toString());
        assertFalse(r.err().contains("calls"), r.err());
    }

    @Test
    void unknownScenarioIsAUsageError() {
        Result r = run("collect", "--sandbox", "nosuch", "--out", dir.resolve("x.json.gz").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown sandbox scenario 'nosuch'"), r.err());
        assertFalse(Files.exists(dir.resolve("x.json.gz")));
    }

    @Test
    void configAndSandboxAreExclusive() {
        Result r = run("collect", "--sandbox", "acme", "--config", "x.yaml", "--out", "y");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void helpListsTheExitCodes() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("audit incomplete"), r.out());
        assertTrue(r.out().contains("collect") && r.out().contains("sandbox"), r.out());
    }

    /**
     * The sandbox command serves acme and prints a config and environment; a separate idaudit
     * process given exactly those collects it through the default credential chain.
     */
    @Test
    void sandboxPrintsWhatARealRunNeeds() throws Exception {
        Path config = dir.resolve("idaudit.yaml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
        Thread server = new Thread(() -> Main.run(printer, printer, "sandbox", "--scenario", "acme", "--write-config", config.toString()));
        server.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!out.toString(StandardCharsets.UTF_8).contains("# 3. Then") && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("export OKTA_API_TOKEN=" + OktaEmulator.API_TOKEN), printed);
            assertTrue(Files.readString(config).contains("endpointUrl: http://127.0.0.1:"), Files.readString(config));

            Path snapshot = dir.resolve("real-run.json.gz");
            ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(Main.class,
                    "collect", "--config", config.toString(), "--out", snapshot.toString(), "--quiet"));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("OKTA_"));
            for (String line : printed.lines().filter(l -> l.startsWith("export ")).toList()) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                env.put(kv[0], kv[1]);
            }
            env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String childOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            Snapshot s = SnapshotIO.read(snapshot);
            assertEquals("live", s.metadata().source(), childOutput);
            assertEquals(10, s.okta().users().size());
            assertEquals(List.of("111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"),
                    s.aws().accounts().stream().map(a -> a.id()).sorted().toList());
        } finally {
            server.interrupt();
            server.join(10_000);
        }
    }
}
