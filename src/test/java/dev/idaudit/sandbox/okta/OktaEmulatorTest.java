package dev.idaudit.sandbox.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Okta emulator over plain HTTP: paging, headers, errors, OAuth, and every answer against Okta's OpenAPI schemas. */
class OktaEmulatorTest {

    private static final int PAGE_SIZE = 3;
    private static final String CLIENT_ID = "0oa1emulatortest001";
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KeyPair clientKeys;
    private static OktaEmulator emulator;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        clientKeys = generator.generateKeyPair();
        emulator = OktaEmulator.start(AcmeOkta.withPageSize(PAGE_SIZE),
                new OAuthClient(CLIENT_ID, clientKeys.getPublic(), Set.of("okta.users.read", "okta.apps.read")));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** Each endpoint the collector reads, with the schema its items (or its one object) must follow. */
    @Test
    void everyEndpointAnswersInOktaSchemas() throws Exception {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("/api/v1/users", "User");
        endpoints.put("/api/v1/users?filter=" + encode("status eq \"DEPROVISIONED\""), "User");
        endpoints.put("/api/v1/groups", "Group");
        endpoints.put("/api/v1/groups/00g1devs0000000002/users", "User");
        endpoints.put("/api/v1/apps", "SamlApplication");
        endpoints.put("/api/v1/apps?filter=" + encode("name eq \"amazon_aws_sso\""), "SamlApplication");
        endpoints.put("/api/v1/apps/0oa1awssso00000001", "SamlApplication");
        endpoints.put("/api/v1/apps/0oa1awssso00000001/users", "AppUser");
        endpoints.put("/api/v1/apps/0oa1awssso00000001/groups", "ApplicationGroupAssignment");
        endpoints.put("/api/v1/apps/0oa1awssso00000001/connections/default", "ProvisioningConnectionResponse");
        endpoints.put("/api/v1/apps/0oa1awssso00000002/connections/default", "ProvisioningConnectionResponse");
        endpoints.put("/api/v1/apps/0oa1awssso00000001/group-push/mappings", "GroupPushMapping");
        endpoints.put("/api/v1/apps/0oa1awssso00000001/credentials/keys", "JsonWebKey");
        endpoints.put("/api/v1/apps/0oa1awssso00000002/credentials/keys", "JsonWebKey");
        endpoints.put("/api/v1/policies/rst1awsssoaccess01", "AccessPolicy");
        endpoints.put("/api/v1/policies/rst1awsssoaccess01/rules", "AccessPolicyRule");
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            List<JsonNode> items = readAll(endpoint.getKey());
            assertFalse(items.isEmpty(), endpoint.getKey());
            for (JsonNode item : items) {
                assertConforms(endpoint.getValue(), item, endpoint.getKey());
            }
        }
    }

    @Test
    void schemaValidationCatchesAWrongEnumAndAMissingRequiredField() throws Exception {
        JsonNode appUser = readAll("/api/v1/apps/0oa1awssso00000001/users").get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) appUser).put("syncState", "HALF_SYNCED");
        assertFalse(OktaSchemas.violations("AppUser", appUser).isEmpty());
        JsonNode connection = get("/api/v1/apps/0oa1awssso00000001/connections/default").body().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) connection).remove("status");
        assertFalse(OktaSchemas.violations("ProvisioningConnectionResponse", connection).isEmpty());
        JsonNode app = get("/api/v1/apps/0oa1awssso00000001").body().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) app).put("status", "ENABLED");
        assertFalse(OktaSchemas.violations("SamlApplication", app).isEmpty(), "through allOf to Application's status enum");
    }

    @Test
    void listsArePagedAtThePageSizeWithAbsoluteLinksWhateverLimitAsks() throws Exception {
        Answer first = get("/api/v1/users?limit=200");
        assertEquals(200, first.status());
        assertEquals(PAGE_SIZE, first.body().size());
        List<String> links = first.headers().allValues("Link");
        assertTrue(links.contains("<" + emulator.baseUrl() + "/api/v1/users?limit=200>; rel=\"self\""), links.toString());
        String next = nextLink(first);
        assertNotNull(next);
        assertTrue(next.startsWith(emulator.baseUrl() + "/api/v1/users?"), next);
        assertTrue(next.contains("after=" + first.body().get(PAGE_SIZE - 1).path("id").asText()), next);

        assertNotNull(first.headers().firstValue("Date").orElse(null));
        ZonedDateTime.parse(first.headers().firstValue("Date").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertEquals("600", first.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
        int remaining = Integer.parseInt(first.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertTrue(remaining >= 0 && remaining < 600);
        long reset = Long.parseLong(first.headers().firstValue("X-Rate-Limit-Reset").orElseThrow());
        assertTrue(reset > Instant.now().getEpochSecond() - 1 && reset <= Instant.now().getEpochSecond() + 61);

        List<JsonNode> all = readAll("/api/v1/users?limit=2");
        assertEquals(9, all.size(), "the default list leaves DEPROVISIONED users out, as Okta does");
        assertTrue(all.stream().noneMatch(u -> u.path("status").asText().equals("DEPROVISIONED")));
    }

    @Test
    void deprovisionedUsersAreListedThroughAFilter() throws Exception {
        List<JsonNode> deprovisioned = readAll("/api/v1/users?filter=" + encode("status eq \"DEPROVISIONED\""));
        assertEquals(List.of("00u1dave00000000004"), deprovisioned.stream().map(u -> u.path("id").asText()).toList());
    }

    @Test
    void appsAreFilteredByName() throws Exception {
        List<JsonNode> apps = readAll("/api/v1/apps?filter=" + encode("name eq \"amazon_aws_sso\""));
        assertEquals(List.of("0oa1awssso00000001", "0oa1awssso00000002"), apps.stream().map(a -> a.path("id").asText()).toList());
        Answer bad = get("/api/v1/apps?filter=" + encode("label sw \"AWS\""));
        assertEquals(400, bad.status());
        assertEquals("E0000031", bad.body().path("errorCode").asText());
        assertConforms("Error", bad.body(), "bad filter");
    }

    /** The spec's listGroups filters on id, type, lastUpdated and lastMembershipUpdated only. */
    @Test
    void aGroupFilterOnAPropertyTheSpecDoesNotListIsRefused() throws Exception {
        List<JsonNode> appGroups = readAll("/api/v1/groups?filter=" + encode("type eq \"BUILT_IN\""));
        assertEquals(List.of("00g1everyone000006"), appGroups.stream().map(g -> g.path("id").asText()).toList());
        Answer byName = get("/api/v1/groups?filter=" + encode("profile.name eq \"org-DevOps\""));
        assertEquals(400, byName.status());
        assertEquals("E0000031", byName.body().path("errorCode").asText());
        assertConforms("Error", byName.body(), "group filter on profile.name");
    }

    @Test
    void timesAreRelativeToNowAndLinksAbsolute() throws Exception {
        JsonNode carol = readAll("/api/v1/users").stream()
                .filter(u -> u.path("id").asText().equals("00u1carol0000000003")).findFirst().orElseThrow();
        Instant lastLogin = Instant.parse(carol.path("lastLogin").asText());
        assertEquals(200, Duration.between(lastLogin, Instant.now()).toDays());
        assertTrue(carol.path("lastLogin").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonNode app = get("/api/v1/apps/0oa1awssso00000001").body();
        assertEquals(emulator.baseUrl() + "/api/v1/policies/rst1awsssoaccess01", app.path("_links").path("accessPolicy").path("href").asText());
    }

    @Test
    void plantedAndMissingResourcesAnswerOktaErrors() throws Exception {
        // The Features and Connections APIs do not serve amazon_aws_sso: answered as Okta documents it.
        for (String app : List.of("0oa1awssso00000001", "0oa1awssso00000002")) {
            Answer features = get("/api/v1/apps/" + app + "/features");
            assertEquals(400, features.status(), app);
            assertEquals("E0000001", features.body().path("errorCode").asText());
            assertEquals("Api validation failed: feature", features.body().path("errorSummary").asText());
            assertEquals("Provisioning is not enabled for the app instance.",
                    features.body().path("errorCauses").get(0).path("errorSummary").asText());
            assertConforms("Error", features.body(), app + " features");
            Answer connection = get("/api/v1/apps/" + app + "/connections/default");
            assertEquals(200, connection.status(), app);
            assertEquals("UNKNOWN", connection.body().path("status").asText());
            assertEquals("UNKNOWN", connection.body().path("profile").path("authScheme").asText());
            assertConforms("ProvisioningConnectionResponse", connection.body(), app + " connection");
        }

        Answer noConnection = get("/api/v1/apps/0oa1slack0000000005/connections/default");
        assertEquals(404, noConnection.status());
        assertEquals("E0000007", noConnection.body().path("errorCode").asText());

        for (String path : List.of("/api/v1/apps/0oa1nosuchapp000000", "/api/v1/nothing/here", "/api/v1/groups/00gnosuchgroup/users")) {
            Answer missing = get(path);
            assertEquals(404, missing.status(), path);
            assertEquals("E0000007", missing.body().path("errorCode").asText(), path);
            assertTrue(missing.body().path("errorId").asText().startsWith("oae"), path);
            assertConforms("Error", missing.body(), path);
        }
    }

    @Test
    void aMissingOrWrongApiTokenAnswers401() throws Exception {
        for (String authorization : new String[] {null, "SSWS wrong-token", "Bearer not-issued"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/v1/users"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            Answer answer = send(request.build());
            assertEquals(401, answer.status(), String.valueOf(authorization));
            assertEquals("E0000011", answer.body().path("errorCode").asText());
            assertEquals("Invalid token provided", answer.body().path("errorSummary").asText());
        }
    }

    @Test
    void aServiceAppGetsABearerTokenWithItsScopesAndA403Outside() throws Exception {
        JsonNode token = tokenRequest(assertion(clientKeys.getPrivate(), CLIENT_ID), "okta.users.read");
        assertEquals("Bearer", token.path("token_type").asText());
        assertEquals("okta.users.read", token.path("scope").asText());
        String bearer = "Bearer " + token.path("access_token").asText();

        Answer users = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/v1/users")).header("Authorization", bearer).build());
        assertEquals(200, users.status());
        Answer apps = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/v1/apps")).header("Authorization", bearer).build());
        assertEquals(403, apps.status());
        assertEquals("E0000006", apps.body().path("errorCode").asText());
        assertTrue(apps.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"insufficient_scope\""));
    }

    @Test
    void theTokenEndpointRefusesABadSignatureAndAScopeNotGranted() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        JsonNode forged = tokenRequest(assertion(generator.generateKeyPair().getPrivate(), CLIENT_ID), "okta.users.read");
        assertEquals("invalid_client", forged.path("error").asText());
        assertNull(forged.get("access_token"));

        JsonNode notGranted = tokenRequest(assertion(clientKeys.getPrivate(), CLIENT_ID), "okta.users.read okta.users.manage");
        assertEquals("invalid_scope", notGranted.path("error").asText());
        assertTrue(notGranted.path("error_description").asText().contains("okta.users.manage"));
    }

    @Test
    void everyPlantedOktaResourceIsInTheData() {
        Scenario acme = AcmeOkta.withPageSize(PAGE_SIZE);
        String data = acme.okta().toString();
        // Group push health is judged per Identity Store group (the push target is an Okta APP_GROUP
        // matched by name): its resources are in aws.yaml, their names in okta.yaml.
        String identityStore = AcmeOkta.read("aws.yaml").path("identityStores").toString();
        int checked = 0;
        for (Scenario.Plant plant : acme.plants()) {
            if (plant.rule().startsWith("okta_")) {
                String where = plant.rule().equals("okta_aws_app_group_push_healthy") ? identityStore : data;
                for (String id : new String[] {plant.fails(), plant.passes()}) {
                    assertTrue(where.contains("\"" + id + "\""), plant.rule() + ": " + id + " is not in the scenario");
                    checked++;
                }
            }
        }
        assertEquals(24, checked, "12 okta_ rules, each with a failing and a passing resource");
    }

    @Test
    void policyRulesArePagedWithANextLink() throws Exception {
        Answer first = get("/api/v1/policies/rst1awsssoaccess01/rules?limit=2");
        assertEquals(2, first.body().size());
        assertTrue(nextLink(first).startsWith(emulator.baseUrl() + "/api/v1/policies/rst1awsssoaccess01/rules?limit=2&after="), nextLink(first));
        assertEquals(List.of("rul1require2fa", "rul1chainmfa", "rul1legacy1fa"),
                readAll("/api/v1/policies/rst1awsssoaccess01/rules").stream().map(r -> r.path("id").asText()).toList());
    }

    @Test
    void aScenarioGivingAnAwsAppFeaturesOrAConnectionOktaDoesNotServeIsABadInput() throws Exception {
        for (String part : List.of("features: [{name: USER_PROVISIONING, status: ENABLED}]",
                "defaultConnection: {authScheme: TOKEN, status: ENABLED, profile: {authScheme: TOKEN}}")) {
            JsonNode okta = Json.yaml().readTree("apps: [{app: {id: 0oa1aws, name: amazon_aws_sso, status: ACTIVE}, " + part + "}]");
            Scenario broken = new Scenario("broken", "", Scenario.Settings.DEFAULT, okta, null, List.of());
            dev.idaudit.util.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.idaudit.util.BadInputException.class, () -> OktaEmulator.start(broken));
            assertTrue(e.getMessage().contains("0oa1aws") && e.getMessage().contains("does not serve this app"), e.getMessage());
        }
    }

    @Test
    void aScenarioWhoseGroupNamesAnUnknownMemberIsABadInputNamingIt() throws Exception {
        JsonNode okta = Json.yaml().readTree("""
                users: [{id: 00u1only, status: ACTIVE, profile: {login: only@acme.example}}]
                groups: [{group: {id: 00g1team, type: OKTA_GROUP, profile: {name: team}}, members: [00u1only, 00u1ghost]}]
                """);
        Scenario broken = new Scenario("broken", "", Scenario.Settings.DEFAULT, okta, null, List.of());
        dev.idaudit.util.BadInputException e =
                org.junit.jupiter.api.Assertions.assertThrows(dev.idaudit.util.BadInputException.class, () -> OktaEmulator.start(broken));
        assertTrue(e.getMessage().contains("00g1team") && e.getMessage().contains("00u1ghost"), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    @Test
    void anInjected503CarriesRetryAfterBesideOktasErrorOnlyWhenAsked() throws Exception {
        Scenario acme = AcmeOkta.withPageSize(PAGE_SIZE);
        Traffic faults = Traffic.NONE.withFaults(List.of(
                new Traffic.Fault("okta", Traffic.FaultKind.ERROR_503, "/api/v1/groups", null, 1, null, 7),
                new Traffic.Fault("okta", Traffic.FaultKind.ERROR_503, "/api/v1/apps", null, 1, null)));
        try (OktaEmulator faulty = OktaEmulator.start(acme.withSettings(acme.settings().withTraffic(faults)))) {
            for (String path : List.of("/api/v1/groups", "/api/v1/apps")) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(faulty.baseUrl() + path))
                        .header("Authorization", "SSWS " + OktaEmulator.API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, answer.statusCode(), path);
                JsonNode body = Json.json().readTree(answer.body());
                assertEquals("E0000010", body.path("errorCode").asText(), path);
                assertConforms("Error", body, path);
                assertEquals(path.equals("/api/v1/groups") ? "7" : null, answer.headers().firstValue("Retry-After").orElse(null), path);
            }
        }
    }

    private record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

    private static Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery))
                .header("Authorization", "SSWS " + OktaEmulator.API_TOKEN).build());
    }

    private static Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        return new Answer(response.statusCode(), Json.json().readTree(response.body()), response.headers());
    }

    /** Every item of a list (following rel="next"), or the one object an endpoint answers. */
    private static List<JsonNode> readAll(String pathAndQuery) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        Answer answer = get(pathAndQuery);
        int pages = 0;
        while (true) {
            assertEquals(200, answer.status(), pathAndQuery + ": " + answer.body());
            if (!answer.body().isArray()) {
                return List.of(answer.body());
            }
            assertTrue(answer.body().size() <= PAGE_SIZE, pathAndQuery);
            answer.body().forEach(items::add);
            String next = nextLink(answer);
            if (next == null) {
                return items;
            }
            assertTrue(++pages < 100, "paging does not end: " + pathAndQuery);
            answer = get(next.substring(emulator.baseUrl().toString().length()));
        }
    }

    private static String nextLink(Answer answer) {
        for (String link : answer.headers().allValues("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static void assertConforms(String schema, JsonNode json, String what) {
        Set<ValidationMessage> violations = OktaSchemas.violations(schema, json);
        assertTrue(violations.isEmpty(), what + " is not a valid " + schema + ": " + violations + "\n" + json);
    }

    private static JsonNode tokenRequest(String assertion, String scope) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&scope=" + encode(scope)
                + "&client_assertion_type=" + encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + encode(assertion);
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/oauth2/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return send(request).body();
    }

    /** A private_key_jwt client assertion, signed RS256, as RFC 7523 and Okta describe it. */
    private static String assertion(PrivateKey key, String clientId) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\",\"aud\":\""
                + emulator.baseUrl() + "/oauth2/v1/token\",\"iat\":" + now + ",\"exp\":" + (now + 300)
                + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signer.sign());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The component schemas of Okta's management OpenAPI spec, validated with the OpenAPI 3.0 dialect (nullable). */
    static final class OktaSchemas {
        private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                builder -> builder.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
        private static final Map<String, JsonSchema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

        static Set<ValidationMessage> violations(String schema, JsonNode json) {
            JsonSchema compiled = SCHEMAS.computeIfAbsent(schema, name -> FACTORY.getSchema(
                    SchemaLocation.of("classpath:okta-openapi/management-components.yaml#/components/schemas/" + name)));
            Set<ValidationMessage> violations = new java.util.LinkedHashSet<>(compiled.validate(json));
            // The validator's email format checks the domain against IANA's list of top-level
            // domains; the scenarios use RFC 2606's reserved .example, which Okta accepts.
            violations.removeIf(v -> v.getType().equals("format") && v.getMessage().contains("email")
                    && v.getInstanceNode().asText().endsWith(".example"));
            return violations;
        }
    }
}
