package dev.idaudit.sandbox.okta;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth 2.0 service app registered in the emulated org: it signs its client assertion
 * (private_key_jwt) with the private half of {@code publicKey} and may be granted {@code grantedScopes}.
 */
public record OAuthClient(String clientId, PublicKey publicKey, Set<String> grantedScopes) {
    public OAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(publicKey, "publicKey");
        grantedScopes = Set.copyOf(grantedScopes);
    }
}
