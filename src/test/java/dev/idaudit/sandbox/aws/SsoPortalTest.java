package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The sandbox's access portal (botocore {@code sso}) and OIDC service ({@code sso-oidc}): their
 * answers checked against the models' shapes on the wire, and read by the SDK's own SsoClient and
 * SsoOidcClient; the credentials the portal hands out are accepted by the other services, for the
 * role's account, until they expire, while a key the emulator did not issue is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoPortalTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AwsEmulator aws;
    private SsoClient sso;
    private SsoOidcClient oidc;

    @BeforeAll
    void start() {
        aws = AwsEmulator.start(Scenario.load("acme"));
        aws.acceptOnlyIssuedCredentials();
        sso = SsoClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        oidc = SsoOidcClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @AfterAll
    void stop() {
        sso.close();
        oidc.close();
        aws.close();
    }

    @Test
    void portalAnswersConformToTheSsoModel() throws IOException {
        BotocoreModel model = BotocoreModel.of("sso");
        String token = aws.ssoLogin(Duration.ofHours(8), true).accessToken();
        String account = "111111111111";
        Instant before = Instant.now();
        HttpResponse<String> credentials = portal(model, "GetRoleCredentials", Map.of("roleName", AwsEmulator.SSO_ROLE, "accountId", account), token);
        assertEquals(200, credentials.statusCode(), credentials.body());
        JsonNode body = MAPPER.readTree(credentials.body());
        assertEquals(List.of(), model.validateJson("GetRoleCredentials", body));
        // ExpirationTimestampType is a long: milliseconds since the epoch (an hour from now), not seconds.
        long expiration = body.path("roleCredentials").path("expiration").asLong();
        assertTrue(expiration >= before.plus(Duration.ofMinutes(59)).toEpochMilli()
                && expiration <= Instant.now().plus(Duration.ofHours(1)).toEpochMilli(), body.toString());

        HttpResponse<String> accounts = portal(model, "ListAccounts", Map.of(), token);
        assertEquals(List.of(), model.validateJson("ListAccounts", MAPPER.readTree(accounts.body())));
        HttpResponse<String> roles = portal(model, "ListAccountRoles", Map.of("accountId", account), token);
        assertEquals(List.of(), model.validateJson("ListAccountRoles", MAPPER.readTree(roles.body())));

        HttpResponse<String> refused = portal(model, "ListAccounts", Map.of(), "not-a-token-of-this-portal");
        assertEquals(401, refused.statusCode());
        assertEquals(List.of(), model.validateJsonError(withType(refused)));
        HttpResponse<String> noRole = portal(model, "GetRoleCredentials", Map.of("roleName", "AdministratorAccess", "accountId", account), token);
        assertEquals(403, noRole.statusCode());
        assertEquals("ForbiddenException", noRole.headers().firstValue("X-Amzn-ErrorType").orElse(""));
    }

    @Test
    void createTokenAnswersConformToTheSsoOidcModel() throws IOException {
        BotocoreModel model = BotocoreModel.of("sso-oidc");
        AwsEmulator.SsoLogin login = aws.ssoLogin(Duration.ofMinutes(2), true);
        ObjectNode input = MAPPER.createObjectNode().put("clientId", login.clientId()).put("clientSecret", login.clientSecret())
                .put("grantType", "refresh_token").put("refreshToken", login.refreshToken());
        HttpResponse<String> token = post("/token", input);
        assertEquals(200, token.statusCode(), token.body());
        assertEquals(List.of(), model.validateJson("CreateToken", MAPPER.readTree(token.body())));

        HttpResponse<String> badGrant = post("/token", input.deepCopy().put("refreshToken", "not-issued"));
        assertEquals(400, badGrant.statusCode());
        assertEquals(List.of(), model.validateJsonError(withType(badGrant)));
        HttpResponse<String> badClient = post("/token", input.deepCopy().put("clientSecret", "wrong"));
        assertEquals(401, badClient.statusCode());
        assertEquals(List.of(), model.validateJsonError(withType(badClient)));
    }

    @Test
    void theSdkRefreshesATokenAndTradesItForCredentialsTheOtherServicesAccept() {
        AwsEmulator.SsoLogin login = aws.ssoLogin(Duration.ofMinutes(2), true);
        CreateTokenResponse refreshed = oidc.createToken(r -> r.grantType("refresh_token").clientId(login.clientId())
                .clientSecret(login.clientSecret()).refreshToken(login.refreshToken()));
        assertNotEquals(login.accessToken(), refreshed.accessToken());
        assertEquals(3600, refreshed.expiresIn());
        assertThrows(InvalidGrantException.class, () -> oidc.createToken(r -> r.grantType("refresh_token").clientId(login.clientId())
                .clientSecret(login.clientSecret()).refreshToken("not-issued")));

        assertEquals(List.of("111111111111"), sso.listAccountsPaginator(r -> r.accessToken(refreshed.accessToken())).accountList().stream()
                .map(a -> a.accountId()).toList());
        assertEquals(List.of(AwsEmulator.SSO_ROLE), sso.listAccountRoles(r -> r.accessToken(refreshed.accessToken())
                .accountId("111111111111")).roleList().stream().map(r -> r.roleName()).toList());
        RoleCredentials credentials = sso.getRoleCredentials(r -> r.accessToken(refreshed.accessToken())
                .accountId("111111111111").roleName(AwsEmulator.SSO_ROLE)).roleCredentials();
        try (SdkClients clients = new SdkClients(aws, AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()))) {
            var caller = clients.sts.getCallerIdentity();
            assertEquals("111111111111", caller.account());
            assertTrue(caller.arn().startsWith("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_IdAuditReadOnly_")
                    && caller.arn().endsWith("/auditor@idaudit.sandbox"), caller.arn());
        }
        assertThrows(UnauthorizedException.class, () -> sso.listAccounts(r -> r.accessToken(login.accessToken() + "x")));
    }

    @Test
    void keysTheEmulatorDidNotIssueAndExpiredCredentialsAreRefused() {
        try (SdkClients caller = new SdkClients(aws)) {
            StsException e = assertThrows(StsException.class, () -> caller.sts.getCallerIdentity());
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
        String token = aws.ssoLogin(Duration.ofHours(1), false).accessToken();
        aws.ssoCredentialLifetime(Duration.ZERO);
        RoleCredentials expired;
        try {
            expired = sso.getRoleCredentials(r -> r.accessToken(token).accountId("111111111111").roleName(AwsEmulator.SSO_ROLE))
                    .roleCredentials();
        } finally {
            aws.ssoCredentialLifetime(Duration.ofHours(1));
        }
        try (SdkClients clients = new SdkClients(aws, AwsSessionCredentials.create(expired.accessKeyId(), expired.secretAccessKey(),
                expired.sessionToken()))) {
            StsException e = assertThrows(StsException.class, () -> clients.sts.getCallerIdentity());
            assertEquals("ExpiredTokenException", e.awsErrorDetails().errorCode());
        }
    }

    /** A REST-JSON request of the sso model: query string and bearer header named by the model's locationName. */
    private HttpResponse<String> portal(BotocoreModel model, String operation, Map<String, String> members, String token) {
        JsonNode operationNode = model.operation(operation);
        JsonNode inputMembers = model.shape(operationNode.path("input").path("shape").asText()).path("members");
        String query = members.entrySet().stream()
                .map(e -> inputMembers.path(e.getKey()).path("locationName").asText() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String header = inputMembers.path("accessToken").path("locationName").asText();
        HttpRequest request = HttpRequest.newBuilder(URI.create(aws.endpoint() + operationNode.path("http").path("requestUri").asText()
                        + (query.isEmpty() ? "" : "?" + query)))
                .header(header, token).method(operationNode.path("http").path("method").asText(), HttpRequest.BodyPublishers.noBody()).build();
        return send(request);
    }

    private HttpResponse<String> post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(aws.endpoint() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** A REST-JSON error body with its code (the X-Amzn-ErrorType header) as __type, for the model's error shapes. */
    private static JsonNode withType(HttpResponse<String> response) throws IOException {
        ObjectNode body = (ObjectNode) MAPPER.readTree(response.body());
        body.put("__type", response.headers().firstValue("X-Amzn-ErrorType").orElse(""));
        return body;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
