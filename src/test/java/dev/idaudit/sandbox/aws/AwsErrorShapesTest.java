package dev.idaudit.sandbox.aws;

import static dev.idaudit.sandbox.aws.AwsWireShapesTest.MANAGEMENT_KEY;
import static dev.idaudit.sandbox.aws.AwsWireShapesTest.ORG_INSTANCE;
import static dev.idaudit.sandbox.aws.AwsWireShapesTest.memberKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;

/** Errors come back in the vendors' shapes: JSON {@code __type} naming an exception of the model, Query {@code <ErrorResponse>}. */
class AwsErrorShapesTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static AwsEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = AwsEmulator.start(AcmeAws.scenario(2));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    record JsonError(String service, String operation, String input, String accessKey, String expectedType) {}

    static List<JsonError> jsonErrors() {
        String ps = "arn:aws:sso:::permissionSet/ssoins-acme0000000001/ps-9ea0c91b06e65bc4";
        return List.of(
                new JsonError("organizations", "DescribePolicy", "{\"PolicyId\":\"p-doesnotexist\"}", MANAGEMENT_KEY, "PolicyNotFoundException"),
                new JsonError("organizations", "ListAccounts", "{}", memberKey("222222222222"), "AccessDeniedException"),
                new JsonError("organizations", "ListAccounts", "{\"NextToken\":\"forged\"}", MANAGEMENT_KEY, "InvalidInputException"),
                new JsonError("organizations", "ListAccounts", "{\"MaxResults\":21}", MANAGEMENT_KEY, "InvalidInputException"),
                new JsonError("organizations", "ListOrganizationalUnitsForParent", "{\"ParentId\":\"ou-nope-nopenope\"}", MANAGEMENT_KEY,
                        "ParentNotFoundException"),
                new JsonError("organizations", "ListParents", "{\"ChildId\":\"999999999999\"}", MANAGEMENT_KEY, "ChildNotFoundException"),
                new JsonError("organizations", "ListPolicies", "{}", MANAGEMENT_KEY, "InvalidInputException"),
                new JsonError("sso-admin", "ListPermissionSets", "{}", MANAGEMENT_KEY, "ValidationException"),
                new JsonError("sso-admin", "ListPermissionSets", "{\"InstanceArn\":\"" + ORG_INSTANCE + "\"}", memberKey("444444444444"),
                        "AccessDeniedException"),
                new JsonError("sso-admin", "DescribePermissionSet", "{\"InstanceArn\":\"" + ORG_INSTANCE
                        + "\",\"PermissionSetArn\":\"arn:aws:sso:::permissionSet/ssoins-acme0000000001/ps-0000000000000000\"}",
                        MANAGEMENT_KEY, "ResourceNotFoundException"),
                new JsonError("sso-admin", "ListAccountsForProvisionedPermissionSet", "{\"InstanceArn\":\"" + ORG_INSTANCE
                        + "\",\"PermissionSetArn\":\"" + ps + "\",\"ProvisioningStatus\":\"EVERYTHING\"}", MANAGEMENT_KEY, "ValidationException"),
                new JsonError("sso-admin", "GetPermissionsBoundaryForPermissionSet", "{\"InstanceArn\":\"" + ORG_INSTANCE
                        + "\",\"PermissionSetArn\":\"" + ps + "\"}", MANAGEMENT_KEY, "ResourceNotFoundException"),
                new JsonError("identitystore", "DescribeUser", "{\"IdentityStoreId\":\"d-acme000001\",\"UserId\":\"00000000-0000-4000-8000-000000000000\"}", MANAGEMENT_KEY,
                        "ResourceNotFoundException"),
                new JsonError("identitystore", "ListUsers", "{\"IdentityStoreId\":\"d-acme000001\"}", memberKey("444444444444"),
                        "AccessDeniedException"),
                new JsonError("identitystore", "ListUsers", "{\"IdentityStoreId\":\"d-acme000001\",\"Filters\":[{\"AttributePath\":\"Emails\","
                        + "\"AttributeValue\":\"x\"}]}", MANAGEMENT_KEY, "ValidationException"));
    }

    @TestFactory
    Stream<DynamicTest> jsonErrorsNameAnExceptionOfTheModelAndMatchItsShape() {
        return jsonErrors().stream().map(e -> dynamicTest(e.service() + " " + e.operation() + " " + e.input(), () -> {
            BotocoreModel model = BotocoreModel.of(e.service());
            WireClient.JsonResponse r = new WireClient(emulator.endpoint(), e.accessKey())
                    .json(model, e.operation(), MAPPER.readTree(e.input()));
            assertEquals(400, r.status());
            assertEquals(e.expectedType(), r.body().path("__type").asText(), r.body()::toString);
            assertEquals(e.expectedType(), r.errorType(), "X-Amzn-ErrorType");
            assertTrue(r.body().path("Message").isTextual());
            assertNotNull(r.requestId());
            assertEquals(List.of(), model.validateJsonError(r.body()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aTokenOnlyPagesTheListItCameFrom() {
        return Stream.of(dynamicTest("identitystore ListGroups with a ListUsers token", () -> {
            BotocoreModel model = BotocoreModel.of("identitystore");
            WireClient client = new WireClient(emulator.endpoint(), MANAGEMENT_KEY);
            String token = client.json(model, "ListUsers", MAPPER.createObjectNode().put("IdentityStoreId", "d-acme000001"))
                    .body().path("NextToken").asText();
            ObjectNode groups = MAPPER.createObjectNode().put("IdentityStoreId", "d-acme000001").put("NextToken", token);
            assertEquals("ValidationException", client.json(model, "ListGroups", groups).body().path("__type").asText());
        }));
    }

    @TestFactory
    Stream<DynamicTest> injectedThrottlingUsesEachServicesOwnException() {
        return Stream.of(
                List.of("organizations", "ListRoots", "TooManyRequestsException", "{}"),
                List.of("sso-admin", "ListInstances", "ThrottlingException", "{}"),
                List.of("identitystore", "ListGroups", "ThrottlingException", "{\"IdentityStoreId\":\"d-acme000001\"}"))
                .map(c -> dynamicTest(c.get(0) + " " + c.get(2), () -> {
                    BotocoreModel model = BotocoreModel.of(c.get(0));
                    emulator.injectFault(c.get(1), c.get(2), 400, 1);
                    WireClient client = new WireClient(emulator.endpoint(), MANAGEMENT_KEY);
                    WireClient.JsonResponse throttled = client.json(model, c.get(1), MAPPER.readTree(c.get(3)));
                    assertEquals(400, throttled.status());
                    assertEquals(c.get(2), throttled.body().path("__type").asText());
                    assertEquals(List.of(), model.validateJsonError(throttled.body()));
                    assertEquals(200, client.json(model, c.get(1), MAPPER.readTree(c.get(3))).status(), "only the next call fails");
                }));
    }

    record QueryError(String service, String action, Map<String, String> params, String accessKey, int status, String code,
                      boolean codeInModel) {}

    static List<QueryError> queryErrors() {
        return List.of(
                new QueryError("iam", "GetRole", Map.of("RoleName", "NoSuchRole"), MANAGEMENT_KEY, 404, "NoSuchEntity", true),
                new QueryError("iam", "ListRoles", Map.of("Marker", "forged"), MANAGEMENT_KEY, 400, "InvalidInput", true),
                new QueryError("iam", "GetAccountAuthorizationDetails", Map.of("Filter.member.1", "Role", "Marker", "forged"),
                        memberKey("222222222222"), 400, "InvalidInput", true),
                new QueryError("iam", "GetAccountAuthorizationDetails", Map.of("MaxItems", "1001"), MANAGEMENT_KEY, 400, "InvalidInput", true),
                new QueryError("iam", "GetAccountAuthorizationDetails", Map.of("Filter.member.1", "Robot"), MANAGEMENT_KEY, 400,
                        "ValidationError", false),
                new QueryError("iam", "GetCredentialReport", Map.of(), memberKey("666666666666"), 410, "ReportNotPresent", true),
                new QueryError("iam", "ListOrganizationsFeatures", Map.of(), memberKey("222222222222"), 400,
                        "AccountNotManagementOrDelegatedAdministratorException", true),
                // AccessDenied and ValidationError are the common errors every Query service shares; the STS model lists neither.
                new QueryError("sts", "AssumeRole", Map.of("RoleArn", "arn:aws:iam::222222222222:role/NotTheMemberRole", "RoleSessionName", "idaudit"),
                        MANAGEMENT_KEY, 403, "AccessDenied", false),
                new QueryError("sts", "AssumeRole", Map.of("RoleArn", "arn:aws:iam::222222222222:role/IdAuditReadOnly"), MANAGEMENT_KEY, 400,
                        "ValidationError", false));
    }

    @TestFactory
    Stream<DynamicTest> queryErrorsAreErrorResponsesWithTheServiceCode() {
        return queryErrors().stream().map(e -> dynamicTest(e.service() + " " + e.action() + " " + e.params(), () -> {
            BotocoreModel model = BotocoreModel.of(e.service());
            WireClient.XmlResponse r = new WireClient(emulator.endpoint(), e.accessKey()).query(model, e.action(), e.params());
            Element root = r.body().getDocumentElement();
            assertEquals(e.status(), r.status());
            assertEquals("ErrorResponse", root.getTagName());
            assertEquals(model.metadata().path("xmlNamespace").asText(), root.getNamespaceURI());
            Element error = AwsWireShapesTest.child(root, "Error");
            assertEquals("Sender", AwsWireShapesTest.child(error, "Type").getTextContent());
            assertEquals(e.code(), AwsWireShapesTest.child(error, "Code").getTextContent());
            assertTrue(!AwsWireShapesTest.child(error, "Message").getTextContent().isEmpty());
            assertEquals(r.requestId(), AwsWireShapesTest.child(root, "RequestId").getTextContent());
            assertEquals(e.codeInModel(), model.isQueryErrorCode(e.code()), "is " + e.code() + " an error code of the model");
        }));
    }

    @TestFactory
    Stream<DynamicTest> anInjected503CarriesRetryAfterBesideTheErrorBodyOnlyWhenAsked() {
        Traffic faults = Traffic.NONE.withFaults(List.of(
                new Traffic.Fault("aws", Traffic.FaultKind.ERROR_503, "ListGroups", null, 1, null, 7),
                new Traffic.Fault("aws", Traffic.FaultKind.ERROR_503, "ListRoles", null, 1, null, 7),
                new Traffic.Fault("aws", Traffic.FaultKind.ERROR_503, "ListUsers", null, 1, null)));
        Scenario acme = AcmeAws.scenario(2);
        return Stream.of(
                dynamicTest("JSON (identitystore ListGroups), Retry-After: 7", () -> {
                    try (AwsEmulator faulty = AwsEmulator.start(acme.withSettings(acme.settings().withTraffic(faults)))) {
                        WireClient.JsonResponse r = new WireClient(faulty.endpoint(), MANAGEMENT_KEY).json(BotocoreModel.of("identitystore"),
                                "ListGroups", MAPPER.readTree("{\"IdentityStoreId\":\"d-acme000001\"}"));
                        assertEquals(503, r.status());
                        assertEquals("7", r.retryAfter());
                        assertEquals("ServiceUnavailable", r.body().path("__type").asText());
                        assertEquals("ServiceUnavailable", r.errorType());
                        assertTrue(r.body().path("Message").isTextual());
                        List<String> members = new java.util.ArrayList<>();
                        r.body().fieldNames().forEachRemaining(members::add);
                        assertEquals(List.of("__type", "Message", "RequestId"), members, "the wait is a header, not in the body");
                    }
                }),
                dynamicTest("Query (iam ListRoles), Retry-After: 7", () -> {
                    try (AwsEmulator faulty = AwsEmulator.start(acme.withSettings(acme.settings().withTraffic(faults)))) {
                        WireClient.XmlResponse r = new WireClient(faulty.endpoint(), MANAGEMENT_KEY).query(BotocoreModel.of("iam"), "ListRoles", Map.of());
                        assertEquals(503, r.status());
                        assertEquals("7", r.retryAfter());
                        Element error = AwsWireShapesTest.child(r.body().getDocumentElement(), "Error");
                        assertEquals("Receiver", AwsWireShapesTest.child(error, "Type").getTextContent());
                        assertEquals("ServiceUnavailable", AwsWireShapesTest.child(error, "Code").getTextContent());
                    }
                }),
                dynamicTest("without retryAfterSeconds, no header", () -> {
                    try (AwsEmulator faulty = AwsEmulator.start(acme.withSettings(acme.settings().withTraffic(faults)))) {
                        WireClient.JsonResponse r = new WireClient(faulty.endpoint(), MANAGEMENT_KEY).json(BotocoreModel.of("identitystore"),
                                "ListUsers", MAPPER.readTree("{\"IdentityStoreId\":\"d-acme000001\"}"));
                        assertEquals(503, r.status());
                        assertNull(r.retryAfter());
                    }
                }));
    }
}
