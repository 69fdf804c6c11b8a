package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the collection does with a record an API answered without its identifier: leaves it out, with an issue. */
class RequiredComponentsTest {
    static final String API = RequiredComponents.COLLECTION_API;
    static final String ERROR = RequiredComponents.MISSING_IDENTIFIER;

    @Test
    void aCompleteSnapshotIsReturnedAsItIs() {
        Snapshot sample = SampleSnapshot.sample();
        assertSame(sample, RequiredComponents.withoutIncompleteRecords(sample));
    }

    @Test
    void recordsWithoutTheirIdAreLeftOutWithAnIssueForTheirSectionAccountAndApp() throws IOException {
        Snapshot broken = sampleWith(tree -> {
            ArrayNode accounts = (ArrayNode) tree.at("/aws/accounts");
            accounts.insert(0, accounts.get(0).<ObjectNode>deepCopy().putNull("id"));
            ArrayNode appUsers = (ArrayNode) tree.at("/okta/awsApps/0/users");
            appUsers.add(appUsers.get(0).<ObjectNode>deepCopy().putNull("userId"));
            ArrayNode roles = (ArrayNode) tree.at("/aws/memberAccounts/0/reservedRoles");
            roles.add(roles.get(0).<ObjectNode>deepCopy().putNull("roleName"));
            ((ObjectNode) tree.at("/aws/identityCenter/permissionSets/0/awsManagedPolicies/0")).putNull("arn");
            ((ObjectNode) tree.at("/aws/organization")).putNull("id");
        });
        Snapshot kept = RequiredComponents.withoutIncompleteRecords(broken);
        Snapshot sample = SampleSnapshot.sample();

        assertEquals(sample.aws().accounts(), kept.aws().accounts());
        assertEquals(sample.okta().awsApps().get(0).users(), kept.okta().awsApps().get(0).users());
        assertEquals(sample.aws().memberAccounts().get(0).reservedRoles(), kept.aws().memberAccounts().get(0).reservedRoles());
        assertEquals(List.of(), kept.aws().identityCenter().permissionSets().get(0).awsManagedPolicies());
        assertNull(kept.aws().organization());
        assertEquals(sample.okta().users(), kept.okta().users(), "the rest is untouched");

        List<CollectionIssue> added = kept.collectionIssues().subList(sample.collectionIssues().size(), kept.collectionIssues().size());
        assertEquals(List.of(
                new CollectionIssue(Sections.OKTA_AWS_APP_USERS, null, "0oa1", API, ERROR,
                        "1 AppUser record was answered without its userId and left out: okta.awsApps[0].users[1]"),
                new CollectionIssue(Sections.AWS_ORGANIZATION, null, null, API, ERROR,
                        "1 Organization record was answered without its id and left out: aws.organization"),
                new CollectionIssue(Sections.AWS_ACCOUNTS, null, null, API, ERROR,
                        "1 Account record was answered without its id and left out: aws.accounts[0]"),
                new CollectionIssue(Sections.AWS_IDC_PERMISSION_SETS, null, null, API, ERROR,
                        "1 ManagedPolicy record was answered without its arn and left out: "
                                + "aws.identityCenter.permissionSets[0].awsManagedPolicies[0]"),
                new CollectionIssue(Sections.AWS_MEMBER_ROLES, "222222222222", null, API, ERROR,
                        "1 ReservedRole record was answered without its roleName and left out: aws.memberAccounts[0].reservedRoles[1]")),
                added);
        assertEquals(kept, roundTrip(kept), "what the collection writes, SnapshotIO reads");
    }

    @Test
    void oneKindOfOmissionIsOneIssueThatCountsThem() throws IOException {
        Snapshot broken = sampleWith(tree -> {
            ArrayNode assignments = (ArrayNode) tree.at("/aws/identityCenter/assignments");
            for (int i = 0; i < 5; i++) {
                assignments.add(assignments.get(0).<ObjectNode>deepCopy().putNull("principalId"));
            }
        });
        Snapshot kept = RequiredComponents.withoutIncompleteRecords(broken);
        assertEquals(SampleSnapshot.sample().aws().identityCenter().assignments(), kept.aws().identityCenter().assignments());
        assertEquals(new CollectionIssue(Sections.AWS_IDC_ASSIGNMENTS, null, null, API, ERROR,
                        "5 Assignment records were answered without their principalId and left out: aws.identityCenter.assignments[1], "
                                + "aws.identityCenter.assignments[2], aws.identityCenter.assignments[3] and 2 more"),
                kept.collectionIssues().get(kept.collectionIssues().size() - 1));
        assertEquals(true, kept.isIncomplete(Sections.AWS_IDC_ASSIGNMENTS), "rules needing assignments are not evaluated");
    }

    /** The sample snapshot as JSON, edited, bound to records without SnapshotIO's check (as a collector builds them). */
    private static Snapshot sampleWith(Consumer<JsonNode> edit) throws IOException {
        ObjectMapper m = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(SampleSnapshot.sample(), out);
        JsonNode tree = m.readTree(out.toByteArray());
        edit.accept(tree);
        return m.treeToValue(tree, Snapshot.class);
    }

    private static Snapshot roundTrip(Snapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(s, out);
        return SnapshotIO.read(new ByteArrayInputStream(out.toByteArray()), "round trip");
    }
}
