package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.evidence.EvidenceVerifier.StoreVerification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain across the runs of a local store: each run links to the manifest of the run before it. */
class EvidenceChainTest {
    @TempDir Path root;
    @TempDir static Path keys;

    static Signing.Signer signer;
    static PublicKey publicKey;

    RunStore store;
    Path first;
    Path second;
    Path third;

    @BeforeAll
    static void makeKey() throws Exception {
        Signing.keygen("ec", keys.resolve("evidence.key"), keys.resolve("evidence.pub.pem"));
        signer = Signing.keyFile(keys.resolve("evidence.key"));
        publicKey = signer.publicKey();
    }

    @BeforeEach
    void threeWeeklyRuns() throws Exception {
        store = RunStore.at(root);
        first = RunStoreTest.completeRun(store, RunStoreTest.T0, signer, null);
        second = RunStoreTest.completeRun(store, RunStoreTest.T0.plus(Duration.ofDays(7)), signer, null);
        third = RunStoreTest.completeRun(store, RunStoreTest.T0.plus(Duration.ofDays(14)), signer, null);
    }

    private StoreVerification verifyStore() throws Exception {
        return EvidenceVerifier.verifyStore(store.runs(), publicKey);
    }

    @Test
    void eachRunLinksToThePreviousManifestAndTheFirstStartsTheChain() throws Exception {
        assertEquals(Manifest.Chain.START, Manifest.read(first).chain());
        Manifest.Chain link = Manifest.read(second).chain();
        assertEquals("2026-11-28T03-00-00Z", link.previousRunId());
        assertEquals(Digests.sha256Hex(first.resolve(Manifest.FILE_NAME)), link.previousManifestSha256());
        assertEquals(Manifest.read(first).integrity().signature(), link.previousManifestSignature());
        StoreVerification sv = verifyStore();
        assertTrue(sv.ok(), sv.toString());
        assertTrue(sv.allSigned());
        assertEquals(3, sv.runs().size());
    }

    @Test
    void aDeletedRunInTheMiddleIsNamed() throws Exception {
        RunWriter.deleteTree(second);
        StoreVerification sv = verifyStore();
        assertEquals(List.of("run 2026-12-05T03-00-00Z is missing: run 2026-12-12T03-00-00Z links to it (deleted); "
                + "run 2026-11-28T03-00-00Z is in its place"), sv.chainProblems());
        assertFalse(sv.ok());
    }

    @Test
    void theDeletedFirstRunIsNamed() throws Exception {
        RunWriter.deleteTree(first);
        StoreVerification sv = verifyStore();
        assertEquals(List.of("run 2026-11-28T03-00-00Z is missing: run 2026-12-05T03-00-00Z links to it (deleted)"), sv.chainProblems());
    }

    @Test
    void aReplacedRunIsNamedByTheRunAfterIt() throws Exception {
        // The whole run is rewritten and signed again with the real key (a thief of the key, or a re-run):
        // it verifies alone, but the next run linked to the manifest it replaced.
        RunWriter.deleteTree(second);
        Path replacement = RunStoreTest.completeRun(RunStore.at(root.resolve("elsewhere")), RunStoreTest.T0.plus(Duration.ofDays(7)), signer,
                Manifest.Chain.after(first.getFileName().toString(), Files.readAllBytes(first.resolve(Manifest.FILE_NAME))));
        Files.move(replacement, second);
        StoreVerification sv = verifyStore();
        assertTrue(sv.runs().get(1).ok(), "the replacement is well formed and signed");
        assertEquals(2, sv.chainProblems().size(), sv.chainProblems().toString());
        assertTrue(sv.chainProblems().get(0).startsWith("run 2026-12-05T03-00-00Z: its manifest.json is not the one run 2026-12-12T03-00-00Z "
                + "linked to"), sv.chainProblems().toString());
        assertTrue(sv.chainProblems().get(1).endsWith("(it was re-signed)"), sv.chainProblems().toString());
    }

    @Test
    void reorderedRunsAreNamed() throws Exception {
        Path tmp = root.resolve("swap");
        Files.move(first, tmp);
        Files.move(second, first);
        Files.move(tmp, second);
        StoreVerification sv = verifyStore();
        assertTrue(sv.chainProblems().contains("directory 2026-11-28T03-00-00Z holds run 2026-12-05T03-00-00Z (renamed or reordered)"),
                sv.chainProblems().toString());
        assertTrue(sv.chainProblems().contains("run 2026-12-05T03-00-00Z links to run 2026-11-28T03-00-00Z, but that run comes after it "
                + "(inserted or reordered)"), sv.chainProblems().toString());
        assertFalse(sv.ok());
    }

    @Test
    void aFakeRunPutInBetweenIsNamed() throws Exception {
        Path fake = Files.createDirectories(root.resolve("2026-12-01T03-00-00Z"));
        Files.writeString(fake.resolve(Manifest.FILE_NAME), Files.readString(first.resolve(Manifest.FILE_NAME))
                .replace("2026-11-28T03-00-00Z", "2026-12-01T03-00-00Z"));
        Files.writeString(fake.resolve("findings.json"), "[]", StandardCharsets.UTF_8);
        StoreVerification sv = verifyStore();
        assertTrue(sv.chainProblems().contains("run 2026-12-01T03-00-00Z says it starts the store's chain, but run 2026-11-28T03-00-00Z "
                + "precedes it: one of them was put in later"), sv.chainProblems().toString());
        assertTrue(sv.chainProblems().contains("run 2026-12-05T03-00-00Z links to run 2026-11-28T03-00-00Z, but run 2026-12-01T03-00-00Z "
                + "is between them (inserted or reordered)"), sv.chainProblems().toString());
        assertFalse(sv.runs().get(1).ok(), "its own digests do not match either");
    }

    @Test
    void aSignatureStrippedFromARunIsNamedByTheRunAfterIt() throws Exception {
        EvidenceVerifierTest.editManifest(first, m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("integrity")).putNull("signature"));
        StoreVerification sv = verifyStore();
        assertEquals(EvidenceVerifier.SignatureStatus.INVALID, sv.runs().get(0).signature().status(), "it still names its key");
        assertEquals("the signature was removed: the manifest still names the key that signed it", sv.runs().get(0).signature().detail());
        assertTrue(sv.chainProblems().contains("run 2026-11-28T03-00-00Z: its signature is not the one run 2026-12-05T03-00-00Z linked to "
                + "(it was signed then; the signature was removed)"), sv.chainProblems().toString());
        assertFalse(sv.allSigned());
    }
}
