package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotIOTest {
    @TempDir
    Path dir;

    @Test
    void gzipRoundTripKeepsEverything() throws IOException {
        Path f = dir.resolve("s.json.gz");
        SnapshotIO.write(SampleSnapshot.sample(), f);
        byte[] head = Arrays.copyOf(Files.readAllBytes(f), 2);
        assertEquals(0x1f, head[0] & 0xff, "gzip magic");
        assertEquals(SampleSnapshot.sample(), SnapshotIO.read(f));
    }

    @Test
    void plainJsonRoundTrip() throws IOException {
        Path f = dir.resolve("s.json");
        SnapshotIO.write(SampleSnapshot.sample(), f);
        assertTrue(Files.readString(f).contains("\"schemaVersion\" : 1"));
        assertEquals(SampleSnapshot.sample(), SnapshotIO.read(f));
    }

    @Test
    void truncatedSnapshotIsAClearError() throws IOException {
        Path f = dir.resolve("s.json.gz");
        SnapshotIO.write(SampleSnapshot.sample(), f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> SnapshotIO.read(f));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void futureSchemaVersionIsAClearError() throws IOException {
        Path f = dir.resolve("s.json");
        SnapshotIO.write(SampleSnapshot.sample(), f);
        Files.writeString(f, Files.readString(f).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99"));
        BadInputException e = assertThrows(BadInputException.class, () -> SnapshotIO.read(f));
        assertTrue(e.getMessage().contains("schemaVersion 99 is newer than this idaudit reads"), e.getMessage());
    }

    @Test
    void unknownFieldIsReportedWithItsLine() throws IOException {
        Path f = dir.resolve("s.json");
        SnapshotIO.write(SampleSnapshot.sample(), f);
        Files.writeString(f, Files.readString(f).replace("\"region\" : \"us-east-1\",", "\"regoin\" : \"us-east-1\","));
        BadInputException e = assertThrows(BadInputException.class, () -> SnapshotIO.read(f));
        assertTrue(e.getMessage().contains("regoin"), e.getMessage());
    }

    @Test
    void anythingButASnapshotIsRefused() throws IOException {
        Path f = dir.resolve("s.json");
        Files.writeString(f, "[1,2,3]");
        assertTrue(assertThrows(BadInputException.class, () -> SnapshotIO.read(f)).getMessage().contains("not a snapshot"));
        Files.writeString(f, "{\"foo\": 1}");
        assertTrue(assertThrows(BadInputException.class, () -> SnapshotIO.read(f)).getMessage().contains("no schemaVersion"));
    }

    @Test
    void writingFailsCleanlyAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("s.json.gz");
        SnapshotIO.write(SampleSnapshot.sample(), f);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void aNullInsideACollectionIsRefused() {
        assertThrows(NullPointerException.class, () -> new OktaSnapshot.GroupMembers("g", Arrays.asList("a", null)));
    }

    @Test
    void incompleteSectionsAreFoundByPrefix() {
        Snapshot s = SampleSnapshot.sample();
        assertTrue(s.isIncomplete(Sections.AWS_IDC_PROVISIONING_REQUESTS));
        assertTrue(s.isIncomplete("aws.identityCenter"));
        assertTrue(!s.isIncomplete(Sections.AWS_IDC_USERS));
    }
}
