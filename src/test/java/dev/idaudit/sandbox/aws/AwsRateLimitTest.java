package dev.idaudit.sandbox.aws;

import static dev.idaudit.sandbox.aws.AwsWireShapesTest.MANAGEMENT_KEY;
import static dev.idaudit.sandbox.aws.AwsWireShapesTest.memberKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator's rate limits answer as AWS does, each service with its own throttling error. */
class AwsRateLimitTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One call a second per bucket, real time: the second call in a row is refused. */
    private static AwsEmulator oneCallPerSecond() {
        Map<String, Double> slow = Map.of("identity-center", 1.0, "organizations", 1.0, "iam", 1.0, "sts", 1.0, "cloudtrail", 1.0);
        Traffic traffic = new Traffic(1, true, Traffic.OKTA_BUCKETS, Traffic.OKTA_CONCURRENT, slow, Duration.ZERO, List.of());
        Scenario acme = AcmeAws.scenario(100);
        return AwsEmulator.start(acme.withSettings(acme.settings().withTraffic(traffic)));
    }

    @Test
    void identityCenterAndOrganizationsThrottleWithTheirOwnExceptions() throws Exception {
        try (AwsEmulator emulator = oneCallPerSecond()) {
            WireClient client = new WireClient(emulator.endpoint(), MANAGEMENT_KEY);
            BotocoreModel ssoAdmin = BotocoreModel.of("sso-admin");
            BotocoreModel identityStore = BotocoreModel.of("identitystore");
            assertEquals(200, client.json(ssoAdmin, "ListInstances", MAPPER.readTree("{}")).status());
            // identitystore shares sso-admin's bucket: Identity Center's 20 TPS are collective
            WireClient.JsonResponse throttled = client.json(identityStore, "ListGroups", MAPPER.readTree("{\"IdentityStoreId\":\"d-acme000001\"}"));
            assertEquals(400, throttled.status());
            assertEquals("ThrottlingException", throttled.body().path("__type").asText());
            assertEquals(List.of(), identityStore.validateJsonError(throttled.body()));

            BotocoreModel organizations = BotocoreModel.of("organizations");
            assertEquals(200, client.json(organizations, "ListRoots", MAPPER.readTree("{}")).status());
            WireClient.JsonResponse tooMany = client.json(organizations, "ListRoots", MAPPER.readTree("{}"));
            assertEquals("TooManyRequestsException", tooMany.body().path("__type").asText());
            assertEquals(List.of(), organizations.validateJsonError(tooMany.body()));
            assertEquals(4, emulator.callsPerBucket().get("identity-center") + emulator.callsPerBucket().get("organizations"));
        }
    }

    @Test
    void iamThrottlesEachAccountOnItsOwn() {
        try (AwsEmulator emulator = oneCallPerSecond()) {
            BotocoreModel iam = BotocoreModel.of("iam");
            WireClient management = new WireClient(emulator.endpoint(), MANAGEMENT_KEY);
            assertEquals(200, management.query(iam, "ListRoles", Map.of()).status());
            WireClient.XmlResponse throttled = management.query(iam, "ListRoles", Map.of());
            assertEquals(400, throttled.status());
            assertEquals("Throttling", throttled.body().getElementsByTagName("Code").item(0).getTextContent());
            assertEquals("Sender", throttled.body().getElementsByTagName("Type").item(0).getTextContent());
            assertTrue(new WireClient(emulator.endpoint(), memberKey("222222222222")).query(iam, "ListRoles", Map.of()).status() == 200,
                    "another account's IAM bucket is untouched");
        }
    }
}
