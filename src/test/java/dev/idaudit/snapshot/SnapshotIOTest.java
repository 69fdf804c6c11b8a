package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
        assertTrue(Files.readString(f).contains("\"schemaVersion\" : " + Snapshot.CURRENT_SCHEMA_VERSION));
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
        Files.writeString(f, Files.readString(f).replace("\"schemaVersion\" : " + Snapshot.CURRENT_SCHEMA_VERSION, "\"schemaVersion\" : 99"));
        BadInputException e = assertThrows(BadInputException.class, () -> SnapshotIO.read(f));
        assertTrue(e.getMessage().contains("schemaVersion 99 is newer than this idaudit reads"), e.getMessage());
    }

    @Test
    void aVersionOneSnapshotIsReadWithItsIssuesUnscopedByPermissionSet() throws IOException {
        Path f = dir.resolve("s.json");
        Snapshot sample = SampleSnapshot.sample();
        SnapshotIO.write(new Snapshot(sample.schemaVersion(), sample.metadata(), sample.okta(), sample.aws(), List.of(
                new CollectionIssue(Sections.AWS_IDC_USERS, null, null, "identitystore:ListUsers", "InternalServerException", "boom"))), f);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(f.toFile());
        tree.put("schemaVersion", 1);
        ObjectNode issue = (ObjectNode) tree.get("collectionIssues").get(0);
        issue.remove(List.of("permissionSetArn", "inheritedFrom", "pagesRead"));
        Files.writeString(f, json.writeValueAsString(tree));

        Snapshot read = SnapshotIO.read(f);
        assertEquals(1, read.schemaVersion());
        assertEquals(new CollectionIssue(Sections.AWS_IDC_USERS, null, null, "identitystore:ListUsers", "InternalServerException", "boom",
                null, null, null), read.collectionIssues().get(0));
        // Its collector may have listed assignments per principal from the partial user list, without saying so.
        assertEquals(2, read.collectionIssues().size(), read.collectionIssues().toString());
        CollectionIssue inherited = read.collectionIssues().get(1);
        assertEquals(Sections.AWS_IDC_ASSIGNMENTS, inherited.section());
        assertEquals(Sections.AWS_IDC_USERS, inherited.inheritedFrom());
        assertEquals(CollectionIssue.READ_THROUGH_PARTIAL_LIST, inherited.error());
        assertFalse(Completeness.complete(read, Sections.AWS_IDC_ASSIGNMENTS));
        assertTrue(Completeness.complete(read, Sections.AWS_IDC_GROUP_MEMBERSHIPS));
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
    void anAccountWithANullIdIsBadInputNamingFileAndPath() throws IOException {
        Path f = sampleWith(tree -> ((ObjectNode) tree.at("/aws/accounts/0")).putNull("id"));
        assertEquals(f + ": aws.accounts[0].id is null (every Account record needs its id)",
                assertThrows(BadInputException.class, () -> SnapshotIO.read(f)).getMessage());
    }

    @Test
    void anOktaUserWithoutAnIdIsBadInputNamingFileAndPath() throws IOException {
        Path f = sampleWith(tree -> ((ObjectNode) tree.at("/okta/users/0")).remove("id"));
        assertEquals(f + ": okta.users[0].id is missing (every User record needs its id)",
                assertThrows(BadInputException.class, () -> SnapshotIO.read(f)).getMessage());
    }

    @Test
    void anAssignmentWithoutItsAccountIsBadInputNamingFileAndPath() throws IOException {
        Path f = sampleWith(tree -> ((ObjectNode) tree.at("/aws/identityCenter/assignments/0")).putNull("accountId"));
        assertEquals(f + ": aws.identityCenter.assignments[0].accountId is null (every Assignment record needs its accountId)",
                assertThrows(BadInputException.class, () -> SnapshotIO.read(f)).getMessage());
    }

    @Test
    void aNullInAListOrMapIsBadInputNamingFileAndPath() throws IOException {
        Path list = sampleWith(tree -> ((ArrayNode) tree.at("/okta/groupMembers/0/userIds")).addNull());
        assertEquals(list + ": okta.groupMembers[0].userIds[1] is null (a list holds no nulls)",
                assertThrows(BadInputException.class, () -> SnapshotIO.read(list)).getMessage());
        Path map = sampleWith(tree -> ((ObjectNode) tree.at("/okta/awsApps/0/features/0/capabilities")).putNull("update.profile"));
        assertEquals(map + ": okta.awsApps[0].features[0].capabilities[\"update.profile\"] is null (a map holds no nulls)",
                assertThrows(BadInputException.class, () -> SnapshotIO.read(map)).getMessage());
    }

    @Test
    void manyMissingIdentifiersNameTheFirstThreeAndCountTheRest() throws IOException {
        Path f = sampleWith(tree -> {
            ((ObjectNode) tree.at("/okta/groups/0")).remove("id");
            ((ObjectNode) tree.at("/okta/awsApps/0/pushMappings/0")).putNull("sourceGroupId");
            ((ObjectNode) tree.at("/aws/identityCenter/groupMemberships/0")).putNull("userId");
            ((ObjectNode) tree.at("/aws/memberAccounts/0/reservedRoles/0")).remove("roleName");
            ((ObjectNode) tree.at("/collectionIssues/0")).putNull("section");
        });
        assertEquals(f + ": okta.groups[0].id is missing (every Group record needs its id); "
                + "okta.awsApps[0].pushMappings[0].sourceGroupId is null (every PushMapping record needs its sourceGroupId); "
                + "aws.identityCenter.groupMemberships[0].userId is null (every GroupMembership record needs its userId); and 2 more",
                assertThrows(BadInputException.class, () -> SnapshotIO.read(f)).getMessage());
    }

    @Test
    void namesDatesEmailsAndStatusesMayBeMissing() throws IOException {
        Path f = sampleWith(tree -> {
            ObjectNode user = (ObjectNode) tree.at("/okta/users/0");
            user.remove(List.of("login", "email", "lastLogin", "status"));
            ((ObjectNode) tree.at("/aws/accounts/0")).putNull("name").putNull("joined");
            ((ObjectNode) tree.at("/aws/identityCenter/permissionSets/0")).putNull("name");
        });
        Snapshot s = SnapshotIO.read(f);
        assertEquals(null, s.okta().users().get(0).login());
        assertEquals("00u1", s.okta().users().get(0).id());
        assertEquals(null, s.aws().accounts().get(0).name());
    }

    /** The sample snapshot as JSON, edited, in s.json. */
    private Path sampleWith(Consumer<JsonNode> edit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(SampleSnapshot.sample(), out);
        ObjectMapper m = new ObjectMapper();
        JsonNode tree = m.readTree(out.toByteArray());
        edit.accept(tree);
        Path f = dir.resolve("s.json");
        Files.write(f, m.writeValueAsBytes(tree));
        return f;
    }

    @Test
    void incompleteSectionsAreFoundByPrefix() {
        Snapshot s = SampleSnapshot.sample();
        assertTrue(s.isIncomplete(Sections.AWS_IDC_PROVISIONING_REQUESTS));
        assertTrue(s.isIncomplete("aws.identityCenter"));
        assertTrue(!s.isIncomplete(Sections.AWS_IDC_USERS));
    }
}
