package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.BadInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A wrong aws.yaml is a clear error naming the file, the place and what is wrong; times are relative to the start. */
class AwsScenarioInputTest {

    private static String failureOf(Consumer<ObjectNode> edit) {
        BadInputException e = assertThrows(BadInputException.class, () -> AwsEmulator.start(AcmeAws.scenario(2, edit)).close());
        return e.getMessage();
    }

    @Test
    void reportsAMissingFieldWithItsPath() {
        String message = failureOf(aws -> ((ObjectNode) aws.withArray("accounts").get(2)).remove("email"));
        assertEquals("scenario acme aws.yaml: accounts[2]: 'email' is missing or not a text value", message);
    }

    @Test
    void reportsAnUnknownEnumValue() {
        String message = failureOf(aws -> ((ObjectNode) aws.withArray("accounts").get(0)).put("state", "ASLEEP"));
        assertTrue(message.startsWith("scenario acme aws.yaml: accounts[0]: 'state' is ASLEEP, expected one of [PENDING_ACTIVATION"), message);
    }

    @Test
    void reportsAReferenceToSomethingNotDefined() {
        String message = failureOf(aws -> ((ObjectNode) aws.path("identityCenter").withArray("assignments").get(0))
                .put("permissionSet", "NoSuchSet"));
        assertTrue(message.contains("identityCenter.assignments[0]: 'permissionSet' names NoSuchSet, which is not defined"), message);
        String member = failureOf(aws -> ((ObjectNode) aws.path("identityStores").path("d-acme000001").withArray("groups").get(0))
                .withArray("members").add("9a6c0404-ghost"));
        assertTrue(member.contains("identityStores.d-acme000001.groups[0]: 'members' names 9a6c0404-ghost"), member);
    }

    @Test
    void reportsADuplicateAccount() {
        String message = failureOf(aws -> aws.withArray("accounts").add(aws.withArray("accounts").get(1).deepCopy()));
        assertEquals("scenario acme aws.yaml: accounts: 222222222222 is listed twice", message);
    }

    @Test
    void reportsABadTime() {
        String message = failureOf(aws -> ((ObjectNode) aws.withArray("accounts").get(1)).put("joined", "last tuesday"));
        assertTrue(message.contains("accounts[1]: 'joined' is 'last tuesday': expected a time like -200d"), message);
    }

    @Test
    void rejectsReservedRolesWithoutTheIdentityCenterSamlProvider() {
        String message = failureOf(aws -> ((ObjectNode) aws.path("memberAccounts").path("222222222222")).putArray("samlProviders"));
        assertTrue(message.contains("memberAccounts.222222222222: has roles under /aws-reserved/sso.amazonaws.com/ but no AWSSSO_"), message);
    }

    @Test
    void resolvesRelativeTimesAgainstTheStart() {
        DataNode node = new DataNode(AcmeAws.awsYaml(), "test", "", Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2025-12-31T00:00:00Z"), RelativeTime.parse("-1d", Instant.parse("2026-01-01T00:00:00Z"), node, "t"));
        assertEquals(Instant.parse("2026-01-01T03:00:00Z"), RelativeTime.parse("+3h", Instant.parse("2026-01-01T00:00:00Z"), node, "t"));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), RelativeTime.parse("-2y", Instant.parse("2026-01-01T00:00:00Z"), node, "t"));
        assertEquals(Instant.parse("2020-05-05T10:00:00Z"), RelativeTime.parse("2020-05-05T10:00:00Z", Instant.now(), node, "t"));
        AwsWorld world = AwsWorld.read("acme", AcmeAws.awsYaml(), Instant.parse("2030-06-01T12:00:00Z"));
        assertEquals(Instant.parse("2030-06-01T12:00:00Z").minus(Duration.ofDays(1500)), world.account("111111111111").orElseThrow().joined());
    }

    @Test
    void rejectsAPageSizeBelowOne() {
        BadInputException e = assertThrows(BadInputException.class, () -> AwsEmulator.start(AcmeAws.scenario(0)).close());
        assertTrue(e.getMessage().contains("awsPageSize must be at least 1"), e.getMessage());
    }
}
