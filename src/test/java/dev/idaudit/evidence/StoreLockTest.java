package dev.idaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunCannotTakeTheStoreWhileTheFirstHoldsIt() throws Exception {
        RunStore store = RunStore.at(dir);
        try (RunStore.StoreLock first = store.lock("pid 1, started 2026-11-28T03:00:00Z")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.lock("pid 2"));
            assertTrue(e.getMessage().contains("another idaudit run holds the lock"), e.getMessage());
            assertTrue(e.getMessage().contains("pid 1, started 2026-11-28T03:00:00Z"), "names the holder: " + e.getMessage());
        }
        try (RunStore.StoreLock again = store.lock("pid 3")) {
            assertTrue(Files.exists(dir.resolve(RunStore.LOCK_FILE)));
        }
    }

    @Test
    void aRunThatNeverCompletedIsListedAsIncomplete() throws Exception {
        RunStore store = RunStore.at(dir);
        RunWriter crashed = store.begin(Instant.parse("2026-11-21T06:00:00Z"));
        // No commit and no close: the process "died" here, leaving its temporary directory.
        assertEquals(List.of("2026-11-21T06-00-00Z"), store.incompleteRuns());
        assertEquals(List.of(), store.runs(), "an incomplete run is never taken for a run");
        crashed.close();
        assertEquals(List.of(), store.incompleteRuns());
    }
}
