package dev.idaudit.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * How to reach the Okta org.
 *
 * @param orgUrl e.g. https://acme.okta.com (plain http only to a loopback address)
 * @param apiToken an SSWS API token (from OKTA_API_TOKEN), or null when OAuth is used
 * @param clientId the OAuth 2.0 service app's client id, or null when a token is used
 * @param privateKey the service app's private key (PEM), or null when a token is used
 * @param privateKeyFile where the key came from, for messages only
 * @param scopes the OAuth scopes to request
 * @param appId which amazon_aws_sso app to audit when the org has several; null = the only active one
 */
public record OktaConfig(
        URI orgUrl,
        Secret apiToken,
        String clientId,
        Secret privateKey,
        Path privateKeyFile,
        List<String> scopes,
        String appId) {

    public static final List<String> READ_ONLY_SCOPES =
            List.of("okta.apps.read", "okta.groups.read", "okta.users.read", "okta.policies.read");

    public OktaConfig {
        scopes = scopes == null || scopes.isEmpty() ? READ_ONLY_SCOPES : List.copyOf(scopes);
    }

    public boolean usesOAuth() {
        return clientId != null;
    }
}
