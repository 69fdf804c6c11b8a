package dev.idaudit.collect.okta;

import com.okta.sdk.authc.credentials.TokenClientCredentials;
import com.okta.sdk.cache.Caches;
import com.okta.sdk.client.AuthorizationMode;
import com.okta.sdk.client.ClientBuilder;
import com.okta.sdk.client.Clients;
import com.okta.sdk.resource.client.ApiClient;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.regex.Pattern;

/** Builds the okta-sdk-java ApiClient for an {@link OktaConfig}: API token or OAuth 2.0 service app. */
final class OktaClients {
    private OktaClients() {}

    /** The SDK refuses plain http unless this is set, and reads it only when a builder is created. */
    static final String DISABLE_HTTPS_CHECK = "okta.testing.disableHttpsCheck";

    private static final Object BUILDER_LOCK = new Object();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static ApiClient build(OktaConfig config) {
        URI url = config.orgUrl();
        if (url == null || url.getHost() == null) {
            throw new BadInputException("Okta org URL is missing or has no host: " + url);
        }
        boolean plainHttp = "http".equalsIgnoreCase(url.getScheme());
        if (plainHttp && !isLoopback(url.getHost())) {
            throw new BadInputException("Okta org URL " + url + ": plain http is allowed only to a loopback address; use https");
        }
        if (!plainHttp && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new BadInputException("Okta org URL " + url + ": must be https");
        }
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
        try {
            return builder.build();
        } catch (RuntimeException e) {
            // With OAuth the SDK fetches its access token here. Its exceptions may quote the request
            // (the signed client assertion), so only what OktaFailure extracts is kept.
            throw new BadInputException("Okta " + orgUrl + ": cannot sign in"
                    + (config.usesOAuth() ? " as OAuth client " + config.clientId() : " with the API token")
                    + ": " + OktaFailure.describe(e, config));
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

    /** Loopback without a DNS lookup: 127.0.0.0/8, ::1 or localhost. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        return IPV4.matcher(h).matches() && h.startsWith("127.");
    }
}
