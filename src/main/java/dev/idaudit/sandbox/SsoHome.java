package dev.idaudit.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.util.Json;
import dev.idaudit.util.OwnerOnly;
import dev.idaudit.util.SsoTokenCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A home folder as {@code aws configure sso} and {@code aws sso login} leave it, for the sandbox's
 * access portal: {@code .aws/config} with an {@code sso-session} profile ({@value #PROFILE}) and a
 * legacy one ({@value #LEGACY_PROFILE}, the start URL in the profile), and the token cache
 * {@code .aws/sso/cache/<sha1>.json} for both: named by the SHA-1 of the session name for the
 * first, of the start URL for the second, as the AWS CLI and the SDKs name them.
 *
 * <p>The SDK reads both files under the {@code HOME} environment variable, so a run that should
 * use them is started with {@code HOME} set to this folder (and the portal's endpoints, see
 * {@link #environment}); nothing here touches the user's own ~/.aws.
 */
public final class SsoHome {
    public static final String PROFILE = "audit";
    public static final String LEGACY_PROFILE = "audit-legacy";
    public static final String SESSION = "idaudit-sandbox";
    /** The sandbox's access portal; a real one is https://&lt;alias or d-id&gt;.awsapps.com/start. */
    public static final String START_URL = "https://idaudit-sandbox.awsapps.com/start";

    private SsoHome() {}

    /** The ~/.aws/config that {@code aws configure sso} writes for the sandbox's auditor (both profile formats). */
    public static String config(String region, String accountId) {
        return "[profile " + PROFILE + "]\n"
                + "sso_session = " + SESSION + "\n"
                + "sso_account_id = " + accountId + "\n"
                + "sso_role_name = " + AwsEmulator.SSO_ROLE + "\n"
                + "region = " + region + "\n"
                + "\n"
                + "[sso-session " + SESSION + "]\n"
                + "sso_start_url = " + START_URL + "\n"
                + "sso_region = " + region + "\n"
                + "sso_registration_scopes = sso:account:access\n"
                + "\n"
                + "[profile " + LEGACY_PROFILE + "]\n"
                + "sso_start_url = " + START_URL + "\n"
                + "sso_region = " + region + "\n"
                + "sso_account_id = " + accountId + "\n"
                + "sso_role_name = " + AwsEmulator.SSO_ROLE + "\n"
                + "region = " + region + "\n";
    }

    /** Writes {@code home/.aws/config} (unless {@code config} is null) and the token cache of {@code login}; returns the config file. */
    public static Path write(Path home, String config, AwsEmulator.SsoLogin login) {
        try {
            Path aws = Files.createDirectories(home.resolve(".aws"));
            Path configFile = aws.resolve("config");
            if (config != null) {
                Files.writeString(configFile, config, StandardCharsets.UTF_8);
            }
            for (String key : new String[] {SESSION, START_URL}) {
                Path file = SsoTokenCache.file(home, key);
                Files.createDirectories(file.getParent());
                writeToken(file, login);
            }
            return configFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SSO home folder " + home, e);
        }
    }

    /**
     * What a process needs to sign in through this folder: {@code HOME} (where the SDK finds
     * ~/.aws/config and the token cache) and the endpoints of the access portal and its OIDC
     * service ({@code AWS_ENDPOINT_URL_SSO}, {@code AWS_ENDPOINT_URL_SSO_OIDC}: the SDK's
     * service-specific endpoint variables, which also reach the clients the SDK builds itself
     * to sign in).
     */
    public static Map<String, String> environment(Path home, URI awsEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toAbsolutePath().toString());
        env.put("AWS_ENDPOINT_URL_SSO", awsEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", awsEndpoint.toString());
        return env;
    }

    /** The token cache file's fields, as the SDK's OnDiskTokenManager reads and writes them. */
    private static void writeToken(Path file, AwsEmulator.SsoLogin login) throws IOException {
        ObjectNode token = Json.json().createObjectNode()
                .put("startUrl", START_URL)
                .put("region", login.region())
                .put("accessToken", login.accessToken())
                .put("expiresAt", login.expiresAt().toString());
        if (login.refreshToken() != null) {
            token.put("clientId", login.clientId())
                    .put("clientSecret", login.clientSecret())
                    .put("registrationExpiresAt", login.registrationExpiresAt().toString())
                    .put("refreshToken", login.refreshToken());
        }
        Files.deleteIfExists(file);
        // The file holds a bearer token: readable by its owner only, as the AWS CLI leaves it.
        OwnerOnly.createFile(file);
        Files.writeString(file, Json.json().writeValueAsString(token), StandardCharsets.UTF_8);
    }
}
