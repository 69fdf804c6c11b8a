package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Okta's org authorization server token endpoint ({@code POST /oauth2/v1/token}) for the
 * client_credentials grant with a private_key_jwt client assertion, as okta-sdk-java sends it.
 * Issues opaque Bearer tokens that carry the granted scopes.
 */
final class OAuthTokenEndpoint {
    static final String PATH = "/oauth2/v1/token";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Map<String, String> JWS_ALGORITHMS =
            Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

    /** An answer of the token endpoint: HTTP status and JSON body. */
    record Answer(int status, ObjectNode body) {}

    private record Issued(Set<String> scopes, Instant expires) {}

    private final OAuthClient client;
    private final String audience;
    private final Clock clock;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    OAuthTokenEndpoint(OAuthClient client, String audience, Clock clock) {
        this.client = client;
        this.audience = audience;
        this.clock = clock;
    }

    /** The scopes a Bearer token carries, or null when it is unknown or expired. */
    Set<String> scopesOf(String accessToken) {
        Issued issued = tokens.get(accessToken);
        if (issued == null || issued.expires().isBefore(clock.instant())) {
            return null;
        }
        return issued.scopes();
    }

    Answer token(Map<String, String> form) {
        if (client == null) {
            return error(401, "invalid_client", "No OAuth 2.0 client is registered in this org.");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }
        if (!JWT_BEARER.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
            return error(401, "invalid_client", "A client_assertion of type " + JWT_BEARER + " is required.");
        }
        String problem = assertionProblem(form.get("client_assertion"));
        if (problem != null) {
            return error(401, "invalid_client", problem);
        }
        Set<String> requested = new LinkedHashSet<>();
        for (String scope : form.getOrDefault("scope", "").trim().split("\\s+")) {
            if (!scope.isEmpty()) {
                requested.add(scope);
            }
        }
        if (requested.isEmpty()) {
            return error(400, "invalid_scope", "The authorization server requires a scope.");
        }
        Set<String> notAllowed = new TreeSet<>(requested);
        notAllowed.removeAll(client.grantedScopes());
        if (!notAllowed.isEmpty()) {
            return error(400, "invalid_scope", "The following scopes are not allowed: " + notAllowed);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String accessToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(accessToken, new Issued(Set.copyOf(requested), clock.instant().plus(TOKEN_LIFETIME)));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        body.put("access_token", accessToken);
        body.put("scope", String.join(" ", requested));
        return new Answer(200, body);
    }

    /** Why the client assertion is not acceptable, or null when it is. */
    private String assertionProblem(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "The client_assertion is not a signed JWT.";
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = Json.json().readTree(decoder.decode(parts[0]));
            JsonNode claims = Json.json().readTree(decoder.decode(parts[1]));
            String algorithm = JWS_ALGORITHMS.get(header.path("alg").asText());
            if (algorithm == null) {
                return "The client_assertion algorithm is not supported: " + header.path("alg").asText();
            }
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(client.publicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(decoder.decode(parts[2]))) {
                return "The client_assertion signature is invalid.";
            }
            if (!client.clientId().equals(claims.path("iss").asText()) || !client.clientId().equals(claims.path("sub").asText())) {
                return "The client_assertion iss and sub must be the client id.";
            }
            if (!audienceMatches(claims.path("aud"))) {
                return "The audience of the client_assertion must be " + audience + ".";
            }
            if (!claims.path("exp").canConvertToLong() || Instant.ofEpochSecond(claims.path("exp").asLong()).isBefore(clock.instant())) {
                return "The client_assertion token is expired.";
            }
            return null;
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            return "The client_assertion cannot be read.";
        }
    }

    private boolean audienceMatches(JsonNode aud) {
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (audience.equals(one.asText())) {
                    return true;
                }
            }
            return false;
        }
        return audience.equals(aud.asText());
    }

    private static Answer error(int status, String error, String description) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", error);
        body.put("error_description", description);
        return new Answer(status, body);
    }
}
