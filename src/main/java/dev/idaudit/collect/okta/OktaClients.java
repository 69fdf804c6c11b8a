package dev.idaudit.collect.okta;

import com.okta.sdk.authc.credentials.TokenClientCredentials;
import com.okta.sdk.cache.Caches;
import com.okta.sdk.client.AuthorizationMode;
import com.okta.sdk.client.ClientBuilder;
import com.okta.sdk.client.Clients;
import com.okta.sdk.resource.client.ApiClient;
import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;

/** Builds the okta-sdk-java ApiClient for an {@link OktaConfig}: API token or OAuth 2.0 service app. */
final class OktaClients {
    private OktaClients() {}

    /** The SDK refuses plain http unless this is set, and reads it only when a builder is created. */
    static final String DISABLE_HTTPS_CHECK = "okta.testing.disableHttpsCheck";

    private static final Object BUILDER_LOCK = new Object();

    /** A signed-in client; rejected credentials are a {@link BadInputException} that shows no secret. */
    static ApiClient build(OktaConfig config) {
        try {
            return connect(config);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // With OAuth the SDK fetches its access token here. Its exceptions may quote the request
            // (the signed client assertion), so only what OktaFailure extracts is kept.
            throw new BadInputException("Okta " + config.orgUrl().toString().replaceAll("/+$", "") + ": cannot sign in"
                    + (config.usesOAuth() ? " as OAuth client " + config.clientId() : " with the API token")
                    + ": " + OktaFailure.describe(e, config));
        }
    }

    /**
     * A signed-in client, or the SDK's own exception when signing in fails (for callers that tell
     * failures apart with {@link OktaFailure}; its message must not be shown as it is).
     *
     * @throws BadInputException when the org URL is not acceptable or no credentials are configured
     */
    static ApiClient connect(OktaConfig config) {
        URI url = config.orgUrl();
        if (url == null || url.getHost() == null) {
            throw new BadInputException("Okta org URL is missing or has no host: " + url);
        }
        String problem = ConfigLoader.transportProblem(url);
        if (problem != null) {
            throw new BadInputException("Okta org URL " + url + ": " + problem);
        }
        // Only the SDK's refusal of plain http is lifted, and only for loopback (the sandbox):
        // certificate checks of https are the JDK's and are never touched.
        boolean plainHttp = "http".equalsIgnoreCase(url.getScheme());
        String orgUrl = url.toString().replaceAll("/+$", "");
        ClientBuilder builder = newBuilder(plainHttp);
        // The SDK's own retries are off: OktaCollector retries, so that it sees and counts every
        // attempt, follows each rate-limit bucket, and records what still fails.
        builder.setOrgUrl(orgUrl).setCacheManager(Caches.newDisabledCacheManager()).setRetryMaxAttempts(0);
        if (config.usesOAuth()) {
            if (config.privateKey() == null) {
                throw new BadInputException("Okta OAuth client " + config.clientId() + ": no private key given");
            }
            builder.setAuthorizationMode(AuthorizationMode.PRIVATE_KEY)
                    .setClientId(config.clientId())
                    .setScopes(new LinkedHashSet<>(config.scopes()))
                    .setPrivateKey(new ByteArrayInputStream(config.privateKey().reveal().getBytes(StandardCharsets.UTF_8)));
        } else {
            if (config.apiToken() == null) {
                throw new BadInputException("Okta: no API token (OKTA_API_TOKEN) and no OAuth client configured");
            }
            builder.setAuthorizationMode(AuthorizationMode.SSWS)
                    .setClientCredentials(new TokenClientCredentials(config.apiToken().reveal()));
        }
        return builder.build();
    }

    /** Closes the client's connections; a connection that does not close cleanly changes nothing. */
    static void close(ApiClient client) {
        try {
            client.getHttpClient().close();
        } catch (java.io.IOException e) {
            // nothing was left to read
        }
    }

    private static ClientBuilder newBuilder(boolean plainHttpToLoopback) {
        synchronized (BUILDER_LOCK) {
            String previous = System.getProperty(DISABLE_HTTPS_CHECK);
            try {
                if (plainHttpToLoopback) {
                    System.setProperty(DISABLE_HTTPS_CHECK, "true");
                } else {
                    System.clearProperty(DISABLE_HTTPS_CHECK);
                }
                return Clients.builder();
            } finally {
                if (previous == null) {
                    System.clearProperty(DISABLE_HTTPS_CHECK);
                } else {
                    System.setProperty(DISABLE_HTTPS_CHECK, previous);
                }
            }
        }
    }

}
