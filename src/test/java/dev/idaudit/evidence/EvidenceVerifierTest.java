package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceVerifierTest {
    @TempDir Path root;

    @Test
    void aFreshRunVerifies() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(run);
        assertTrue(v.ok(), v.toString());
        assertEquals(3, v.filesChecked());
        assertEquals("2026-11-28T03-00-00Z", v.runId());
    }

    @Test
    void oneChangedByteIsFoundAndNamed() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        Path file = run.resolve("reports/report.html");
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x01; // same size, one bit of one byte
        Files.write(file, bytes);
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(run);
        assertFalse(v.ok());
        assertEquals(List.of("reports/report.html"), v.changed());
        assertEquals(List.of(), v.added());
        assertEquals(List.of(), v.removed());
    }

    @Test
    void addedAndRemovedFilesAreNamed() throws Exception {
        Path run = RunStoreTest.completeRun(RunStore.at(root), RunStoreTest.T0);
        Files.delete(run.resolve("findings.json"));
        Files.writeString(run.resolve("extra.txt"), "planted");
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(run);
        assertEquals(List.of("extra.txt"), v.added());
        assertEquals(List.of("findings.json"), v.removed());
        assertEquals(List.of(), v.changed());
    }

    @Test
    void aDirectoryWithoutManifestIsABadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> EvidenceVerifier.verify(root));
        assertTrue(e.getMessage().contains("not a run directory"), e.getMessage());
    }
}
