package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IAM Identity Center's access portal (botocore {@code sso}: GetRoleCredentials, ListAccounts,
 * ListAccountRoles) and its OIDC token service (botocore {@code sso-oidc}: CreateToken with the
 * refresh_token grant), both REST-JSON, for one signed-in user of the scenario: the auditor, who
 * is assigned {@link #ROLE} in the management account.
 *
 * <p>What {@code aws sso login} would leave behind is made by {@link #login}: an access token, a
 * refresh token and the OIDC client registration they belong to. The portal answers only for an
 * access token it issued that has not expired (UnauthorizedException otherwise); CreateToken
 * trades a refresh token of the registered client for a new access token. GetRoleCredentials
 * answers temporary credentials (the Identity Center role's session, in the role's account) that
 * the other services then accept, until they expire.
 */
final class SsoPortal {
    /** The permission set the auditor is assigned in the management account (deploy/aws/idaudit-permission-set.yaml). */
    static final String ROLE = "IdAuditReadOnly";
    /** The user name Identity Center puts in the role session's name. */
    static final String USER = "auditor@idaudit.sandbox";
    /** What CreateToken answers in expiresIn: the sandbox's choice, the model leaves it to the service. */
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    private static final ObjectMapper WIRE = new ObjectMapper();

    private record Client(String secret, Instant expiresAt) {}

    private final AwsWorld world;
    private final Sessions sessions;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    /** refresh token -> the client it was issued to. */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    /** The Identity Center role's name in each account: AWSReservedSSO_&lt;permission set&gt;_&lt;16 hex&gt;, fixed per emulator. */
    private final String reservedRoleName;
    private volatile Duration credentialLifetime = Duration.ofHours(1);

    SsoPortal(AwsWorld world, Sessions sessions) {
        this.world = world;
        this.sessions = sessions;
        this.reservedRoleName = "AWSReservedSSO_" + ROLE + "_" + Ids.uuid(world.region + ROLE).replace("-", "").substring(0, 16);
    }

    /** How long the credentials GetRoleCredentials answers are valid (a permission set's session duration; 1 hour by default). */
    void credentialLifetime(Duration lifetime) {
        this.credentialLifetime = lifetime;
    }

    /** Signs the auditor in: a registered client and an access token valid for {@code validFor} (negative: already expired). */
    AwsEmulator.SsoLogin login(Duration validFor, boolean refreshable) {
        String clientId = token(22);
        Instant registrationExpiresAt = Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);
        String clientSecret = token(200);
        clients.put(clientId, new Client(clientSecret, registrationExpiresAt));
        String accessToken = token(300);
        Instant expiresAt = Instant.now().plus(validFor).truncatedTo(ChronoUnit.SECONDS);
        accessTokens.put(accessToken, expiresAt);
        String refreshToken = null;
        if (refreshable) {
            refreshToken = token(300);
            refreshTokens.put(refreshToken, clientId);
        }
        return new AwsEmulator.SsoLogin(accessToken, expiresAt, refreshToken, clientId, clientSecret, registrationExpiresAt,
                world.region, world.managementAccountId());
    }

    /** Whether this request is one of the portal's or the OIDC service's (REST-JSON: told apart by path). */
    static boolean handles(String path) {
        return path.startsWith("/federation/") || path.startsWith("/assignment/") || path.equals("/token")
                || path.equals("/logout") || path.startsWith("/client/") || path.equals("/device_authorization");
    }

    /**
     * One REST-JSON request.
     *
     * @param query the decoded query parameters
     * @param bearer the {@code x-amz-sso_bearer_token} header, or null
     * @return the operation's name (for the emulator's call counts) and its answer
     */
    Answer call(String method, String path, Map<String, String> query, String bearer, byte[] body) {
        if (method.equals("GET") && path.equals("/federation/credentials")) {
            return new Answer("GetRoleCredentials", () -> getRoleCredentials(query, bearer));
        }
        if (method.equals("GET") && path.equals("/assignment/accounts")) {
            return new Answer("ListAccounts", () -> listAccounts(bearer));
        }
        if (method.equals("GET") && path.equals("/assignment/roles")) {
            return new Answer("ListAccountRoles", () -> listAccountRoles(query, bearer));
        }
        if (method.equals("POST") && path.equals("/token") && !query.containsKey("aws_iam")) {
            return new Answer("CreateToken", () -> createToken(body));
        }
        return new Answer(null, () -> {
            throw new AwsError("UnknownOperationException", 404, "The sandbox serves no operation for " + method + " " + path);
        });
    }

    /** An operation and how to answer it (run after the call is counted). */
    record Answer(String operation, java.util.function.Supplier<ObjectNode> body) {}

    private ObjectNode getRoleCredentials(Map<String, String> query, String bearer) {
        String roleName = required(query, "role_name", "roleName");
        String accountId = required(query, "account_id", "accountId");
        signedIn(bearer);
        if (!assigned(accountId, roleName)) {
            // What the portal answers for an account or role the user is not assigned (not in the model's error list;
            // seen by AWS CLI users, see docs/vendor-behaviour.md).
            throw new AwsError("ForbiddenException", 403, "No access");
        }
        Instant expiration = Instant.now().plus(credentialLifetime).truncatedTo(ChronoUnit.MILLIS);
        Sessions.Issued issued = sessions.issue(accountId, reservedRoleName, USER, expiration);
        ObjectNode credentials = WIRE.createObjectNode()
                .put("accessKeyId", issued.accessKeyId())
                .put("secretAccessKey", issued.secretAccessKey())
                .put("sessionToken", issued.sessionToken())
                // ExpirationTimestampType is a long: milliseconds since the epoch.
                .put("expiration", expiration.toEpochMilli());
        ObjectNode out = WIRE.createObjectNode();
        out.set("roleCredentials", credentials);
        return out;
    }

    private ObjectNode listAccounts(String bearer) {
        signedIn(bearer);
        ObjectNode out = WIRE.createObjectNode();
        ArrayNode list = out.putArray("accountList");
        world.account(world.managementAccountId()).ifPresent(a -> list.addObject()
                .put("accountId", a.id()).put("accountName", a.name()).put("emailAddress", a.email()));
        return out;
    }

    private ObjectNode listAccountRoles(Map<String, String> query, String bearer) {
        String accountId = required(query, "account_id", "accountId");
        signedIn(bearer);
        ObjectNode out = WIRE.createObjectNode();
        ArrayNode list = out.putArray("roleList");
        if (accountId.equals(world.managementAccountId())) {
            list.addObject().put("roleName", ROLE).put("accountId", accountId);
        }
        return out;
    }

    private ObjectNode createToken(byte[] body) {
        JsonNode input;
        try {
            input = body.length == 0 ? WIRE.createObjectNode() : WIRE.readTree(body);
        } catch (java.io.IOException e) {
            throw oidcError("InvalidRequestException", 400, "invalid_request", "The request body is not valid JSON");
        }
        for (String member : List.of("clientId", "clientSecret", "grantType")) {
            if (!input.path(member).isTextual()) {
                throw oidcError("InvalidRequestException", 400, "invalid_request", member + " is required");
            }
        }
        if (!input.path("grantType").asText().equals("refresh_token")) {
            throw oidcError("UnsupportedGrantTypeException", 400, "unsupported_grant_type",
                    "The sandbox grants refresh_token only (aws sso login's device code flow is not emulated)");
        }
        String clientId = input.path("clientId").asText();
        Client client = clients.get(clientId);
        if (client == null || !client.secret().equals(input.path("clientSecret").asText())) {
            throw oidcError("InvalidClientException", 401, "invalid_client", "Invalid client");
        }
        if (!Instant.now().isBefore(client.expiresAt())) {
            throw oidcError("InvalidClientException", 401, "invalid_client", "The client registration has expired");
        }
        String refreshToken = input.path("refreshToken").asText(null);
        if (refreshToken == null || !clientId.equals(refreshTokens.get(refreshToken))) {
            throw oidcError("InvalidGrantException", 400, "invalid_grant", "Invalid refresh token provided");
        }
        String accessToken = token(300);
        accessTokens.put(accessToken, Instant.now().plus(ACCESS_TOKEN_LIFETIME));
        return WIRE.createObjectNode()
                .put("accessToken", accessToken)
                .put("tokenType", "Bearer")
                .put("expiresIn", (int) ACCESS_TOKEN_LIFETIME.toSeconds())
                .put("refreshToken", refreshToken);
    }

    private boolean assigned(String accountId, String roleName) {
        return accountId.equals(world.managementAccountId()) && roleName.equals(ROLE);
    }

    /** The portal's operations are authorised by the bearer token alone (the model: no SigV4). */
    private void signedIn(String bearer) {
        Instant expiresAt = bearer == null ? null : accessTokens.get(bearer);
        if (expiresAt == null || !Instant.now().isBefore(expiresAt)) {
            throw new AwsError("UnauthorizedException", 401, "Session token not found or invalid");
        }
    }

    private static String required(Map<String, String> query, String parameter, String member) {
        String value = query.get(parameter);
        if (value == null || value.isEmpty()) {
            throw new AwsError("InvalidRequestException", 400, member + " is required");
        }
        return value;
    }

    /** sso-oidc's errors carry {@code error} and {@code error_description} (the model's error shapes). */
    private static AwsError oidcError(String code, int status, String error, String description) {
        return new AwsError(code, status, description, Map.of("error", error, "error_description", description));
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes * 3 / 4];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
