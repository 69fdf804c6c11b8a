package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir Path root;

    static final Instant T0 = Instant.parse("2026-11-28T03:00:00.250Z");

    static Manifest.Details details() {
        return new Manifest.Details("1.2.3", T0.plusSeconds(42), "sha256:rules", "sha256:config",
                List.of(new Manifest.Source("okta", "https://acme.okta.com")),
                List.of(new CollectionIssue("aws.trails", null, null, "cloudtrail:DescribeTrails", "AccessDenied", "denied")));
    }

    static Path completeRun(RunStore store, Instant started) throws Exception {
        return completeRun(store, started, null, null);
    }

    /** A complete run signed by {@code signer} (null: unsigned), linked to {@code chain} (null: the local store's previous run). */
    static Path completeRun(RunStore store, Instant started, Signing.Signer signer, Manifest.Chain chain) throws Exception {
        try (RunWriter run = store.begin(started)) {
            run.signWith(signer);
            if (chain != null) {
                run.chainTo(chain);
            }
            run.write("snapshot.json.gz", "snapshot".getBytes(StandardCharsets.UTF_8));
            run.write("findings.json", "[]".getBytes(StandardCharsets.UTF_8));
            run.write("reports/report.html", "<html></html>".getBytes(StandardCharsets.UTF_8));
            run.timing("collect", Duration.ofMillis(1500));
            return run.commit(details());
        }
    }

    @Test
    void aCommittedRunIsNamedByItsUtcStartAndHasAManifestOfEveryFile() throws Exception {
        Path dir = completeRun(RunStore.at(root), T0);
        assertEquals(root.resolve("2026-11-28T03-00-00Z"), dir);
        Manifest m = Manifest.read(dir);
        assertEquals("2026-11-28T03-00-00Z", m.runId());
        assertEquals(List.of("findings.json", "reports/report.html", "snapshot.json.gz"),
                m.files().stream().map(Manifest.FileEntry::path).toList());
        assertEquals(Digests.sha256Hex("snapshot".getBytes(StandardCharsets.UTF_8)), m.files().get(2).sha256());
        assertEquals(8, m.files().get(2).size());
        assertEquals("1.2.3", m.toolVersion());
        assertEquals("sha256:rules", m.rulePackDigest());
        assertEquals("sha256:config", m.configDigest());
        assertEquals(1500L, m.timingsMillis().get("collect"));
        assertEquals("cloudtrail:DescribeTrails", m.collectionIssues().get(0).api());
        assertEquals(T0, m.startedAt());
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(dir), s.toList(), "no temporary directory left");
        }
    }

    @Test
    void anExceptionMidwayLeavesNoRunDirectoryBehind() throws Exception {
        RunStore store = RunStore.at(root);
        assertThrows(IllegalStateException.class, () -> {
            try (RunWriter run = store.begin(T0)) {
                run.write("snapshot.json.gz", new byte[1000]);
                throw new IllegalStateException("the rule engine failed");
            }
        });
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(), s.toList());
        }
        assertEquals(List.of(), store.runs());
    }

    @Test
    void aKilledProcessLeavesNoRunAndItsLeftoversAreSweptLater() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(KilledRunMain.class, root.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("written", out.readLine(), "the child wrote part of its run");
            child.destroyForcibly(); // SIGKILL: no finally, no close()
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        RunStore store = RunStore.at(root);
        assertEquals(List.of(), store.runs(), "no run directory");
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(root)) {
            leftovers = s.toList();
        }
        assertEquals(1, leftovers.size());
        assertTrue(leftovers.get(0).getFileName().toString().startsWith(".incomplete-"), leftovers.toString());

        Files.setLastModifiedTime(leftovers.get(0), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path next = completeRun(store, T0.plusSeconds(3600));
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of(next), s.toList(), "the abandoned directory was swept");
        }
    }

    @Test
    void findsThePreviousCompleteRunIgnoringIncompleteOnes() throws Exception {
        RunStore store = RunStore.at(root);
        Path first = completeRun(store, T0);
        Path sameSecond = completeRun(store, T0.plusMillis(300));
        Path later = completeRun(store, T0.plusSeconds(7 * 86400));
        assertEquals(root.resolve("2026-11-28T03-00-00Z-2"), sameSecond);
        Files.createDirectories(root.resolve("2026-12-31T00-00-00Z")); // no manifest: not a run
        Files.createDirectories(root.resolve(".incomplete-2027-01-01T00-00-00Z-123"));

        assertEquals(List.of(first, sameSecond, later), store.runs());
        assertEquals(Optional.of(later), store.latest());
        assertEquals(Optional.of(sameSecond), store.previous(later.getFileName().toString()));
        assertEquals(Optional.of(first), store.previous(sameSecond.getFileName().toString()));
        assertEquals(Optional.empty(), store.previous(first.getFileName().toString()));
        assertEquals(Optional.empty(), RunStore.at(root.resolve("nothing-here")).latest());
    }

    @Test
    void refusesFileNamesOutsideTheRunAndTheManifestName() throws Exception {
        try (RunWriter run = RunStore.at(root).begin(T0)) {
            assertThrows(IllegalArgumentException.class, () -> run.resolve("../escape.txt"));
            assertThrows(IllegalArgumentException.class, () -> run.resolve("manifest.json"));
            assertFalse(run.resolve("a/b.txt").toString().contains(".."));
        }
    }
}
