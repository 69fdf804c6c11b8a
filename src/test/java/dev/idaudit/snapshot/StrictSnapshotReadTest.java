package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the lenient reader accepted (issue 15 item 3) is bad input naming the file and the JSON path. */
class StrictSnapshotReadTest {
    static final String METADATA = "\"metadata\": {\"finishedAt\": \"2026-11-01T00:00:00Z\", \"source\": \"test\"}";

    static String failure(String json) {
        return assertThrows(BadInputException.class,
                () -> SnapshotIO.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "s.json")).getMessage();
    }

    static Snapshot read(String json) {
        return SnapshotIO.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "s.json");
    }

    @Test
    void aDuplicateKeyIsRefusedAtItsPath() {
        String m = failure("{\"schemaVersion\": 1, " + METADATA + ", \"okta\": {\"users\": [{\"id\": \"00u1\", \"login\": \"a\", \"login\": \"b\","
                + " \"status\": \"ACTIVE\"}]}}");
        assertEquals("s.json: not a snapshot: /okta/users/0/login: Duplicate field 'login'", m);
    }

    @Test
    void aDuplicateIdInAnEntityListIsRefusedAtItsPath() {
        String users = "[{\"id\": \"00u1\", \"login\": \"a\", \"status\": \"ACTIVE\"}, {\"id\": \"00u1\", \"login\": \"b\", \"status\": \"ACTIVE\"}]";
        assertEquals("s.json: /okta/users/1/id: duplicate id '00u1' (also at /okta/users/0); each entity is listed once",
                failure("{\"schemaVersion\": 1, " + METADATA + ", \"okta\": {\"users\": " + users + "}}"));
        // a membership list repeats group ids by design
        read("{\"schemaVersion\": 1, " + METADATA + ", \"aws\": {\"identityCenter\": {\"groupMemberships\": ["
                + "{\"membershipId\": \"m1\", \"groupId\": \"g1\", \"userId\": \"u1\"}, {\"membershipId\": \"m2\", \"groupId\": \"g1\", \"userId\": \"u2\"}]}}}");
    }

    @Test
    void aNumberWhereTheSchemaSaysStringIsRefusedAtItsPath() {
        assertEquals("s.json: malformed snapshot: /okta/users/0/login: Cannot coerce Integer value (42) to `java.lang.String` value"
                + " (but could if coercion was enabled using `CoercionConfig`)",
                failure("{\"schemaVersion\": 1, " + METADATA + ", \"okta\": {\"users\": [{\"id\": \"00u1\", \"login\": 42, \"status\": \"ACTIVE\"}]}}"));
    }

    @Test
    void aSnapshotWithoutMetadataIsRefused() {
        assertEquals("s.json: /metadata: missing; a snapshot says when and from where it was collected", failure("{\"schemaVersion\": 1}"));
    }
}
