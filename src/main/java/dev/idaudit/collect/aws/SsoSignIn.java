package dev.idaudit.collect.aws;

import dev.idaudit.util.BadInputException;
import dev.idaudit.util.SsoTokenCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.utils.UserHomeDirectoryUtils;

/**
 * Signing in through an AWS CLI SSO profile ({@code aws configure sso}): an {@code sso-session}
 * profile or a legacy one with {@code sso_start_url} in the profile. The SDK does the work: its
 * {@link ProfileCredentialsProvider} hands such a profile to the {@code sso} module's
 * SsoProfileCredentialsProviderFactory, which reads the token {@code aws sso login} cached in
 * ~/.aws/sso/cache (refreshing an sso-session's token through the {@code ssooidc} module's
 * CreateToken when it is about to expire), asks the access portal's GetRoleCredentials for the
 * role's credentials and asks again before they expire.
 *
 * <p>What this class adds is the sign-in before a collection starts, so that an expired session
 * or a wrong account or role is one clear line (exit 2) rather than a collection that fails
 * everywhere, and how long the session has left, for {@code doctor}.
 */
final class SsoSignIn {
    private static final String SESSION_KEY = "sso_session";

    /** An SSO profile, as the shared config file defines it. */
    record SsoProfile(String name, String sessionName, String startUrl, String region, String accountId, String roleName) {
        /** The AWS CLI's cache key: the session name, or the start URL of a legacy profile. */
        String cacheKey() {
            return sessionName != null ? sessionName : startUrl;
        }
    }

    private SsoSignIn() {}

    /** The named profile when it signs in through IAM Identity Center, from the shared config file the SDK reads. */
    static Optional<SsoProfile> ssoProfile(String profileName) {
        if (profileName == null) {
            return Optional.empty();
        }
        ProfileFile file = ProfileFile.defaultProfileFile();
        return file.profile(profileName).flatMap(p -> ssoProfile(p, file));
    }

    private static Optional<SsoProfile> ssoProfile(Profile p, ProfileFile file) {
        Optional<String> session = p.property(SESSION_KEY);
        Optional<String> startUrl = p.property(ProfileProperty.SSO_START_URL);
        if (session.isEmpty() && startUrl.isEmpty()) {
            return Optional.empty();
        }
        Optional<Profile> sessionSection = session.flatMap(s -> file.getSection("sso-session", s));
        String url = sessionSection.flatMap(s -> s.property(ProfileProperty.SSO_START_URL)).orElse(startUrl.orElse(null));
        String region = sessionSection.flatMap(s -> s.property(ProfileProperty.SSO_REGION))
                .orElse(p.property(ProfileProperty.SSO_REGION).orElse(null));
        return Optional.of(new SsoProfile(p.name(), session.orElse(null), url, region,
                p.property(ProfileProperty.SSO_ACCOUNT_ID).orElse(null), p.property(ProfileProperty.SSO_ROLE_NAME).orElse(null)));
    }

    /**
     * Signs in through the profile once, before anything else is called, and returns the provider
     * (which the SDK then keeps refreshing).
     *
     * @throws BadInputException "the SSO session for profile P has expired: run `aws sso login --profile P`" when
     *     the cached token is missing, expired and not refreshable, or refused by the portal; naming the profile and
     *     the key when the portal has no such account or role for the session
     */
    static ProfileCredentialsProvider signIn(SsoProfile profile) {
        ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder().profileName(profile.name()).build();
        try {
            provider.resolveCredentials();
            return provider;
        } catch (RuntimeException e) {
            provider.close();
            throw explain(profile, e);
        }
    }

    /** A failed sign-in as one line that says what to do; an error this does not recognise is handed on unchanged. */
    static RuntimeException explain(SsoProfile profile, RuntimeException e) {
        // A cached token that is missing or past its expiration (the SDK refreshes an sso-session's token before
        // it expires, and stores the new one): whatever the SDK failed with on the way, signing in again is the fix.
        if (timeLeft(profile, Instant.now()).filter(left -> !left.isNegative() && !left.isZero()).isEmpty()) {
            return expired(profile);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service) {
                String code = Calls.errorCode(service);
                if (code.equals("UnauthorizedException")) {
                    return expired(profile);
                }
                if (code.equals("ForbiddenException") || code.equals("ResourceNotFoundException")) {
                    return new BadInputException(wrongKey(profile).orElse("profile " + profile.name()
                            + ": the access portal gives this SSO session no role sso_role_name = " + profile.roleName()
                            + " in sso_account_id = " + profile.accountId() + " (" + code + ": " + Calls.message(service)
                            + "): check both keys of the profile against the accounts and roles the access portal shows you"));
                }
            }
            if (t instanceof software.amazon.awssdk.services.sso.auth.ExpiredTokenException) {
                return expired(profile);
            }
        }
        return e;
    }

    /**
     * Which of the profile's keys the access portal does not know, asked with the session's own token
     * (ListAccounts, then ListAccountRoles of the account): empty when that cannot be told.
     */
    private static Optional<String> wrongKey(SsoProfile profile) {
        Optional<String> token = cachedToken(profile).flatMap(t -> t.field("accessToken")).map(JsonNode::text);
        if (token.isEmpty() || profile.region() == null) {
            return Optional.empty();
        }
        // The SDK's own portal client, as its SSO provider builds it (anonymous: the bearer token authorises).
        try (SsoClient sso = SsoClient.builder().region(Region.of(profile.region()))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            List<String> accounts = sso.listAccountsPaginator(r -> r.accessToken(token.get())).accountList().stream()
                    .map(a -> a.accountId() + " (" + a.accountName() + ")").toList();
            if (accounts.stream().noneMatch(a -> a.startsWith(profile.accountId() + " "))) {
                return Optional.of("profile " + profile.name() + ": sso_account_id = " + profile.accountId()
                        + " is not an account the access portal gives this SSO session; it gives " + String.join(", ", accounts));
            }
            List<String> roles = sso.listAccountRolesPaginator(r -> r.accessToken(token.get()).accountId(profile.accountId()))
                    .roleList().stream().map(r -> r.roleName()).toList();
            return Optional.of("profile " + profile.name() + ": sso_role_name = " + profile.roleName()
                    + " is not a role the access portal gives this SSO session in account " + profile.accountId() + "; it gives "
                    + (roles.isEmpty() ? "none" : String.join(", ", roles)));
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    private static BadInputException expired(SsoProfile profile) {
        return new BadInputException("the SSO session for profile " + profile.name() + " has expired: run `aws sso login --profile "
                + profile.name() + "`");
    }

    /**
     * How long the cached access token is valid, read from the AWS CLI's token cache (where the
     * SDK has just stored a refreshed token), or empty when the file cannot be read.
     */
    static Optional<Duration> timeLeft(SsoProfile profile, Instant now) {
        try {
            return cachedToken(profile).flatMap(t -> t.field("expiresAt")).map(JsonNode::text).map(Instant::parse)
                    .map(at -> Duration.between(now, at));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The profile's token as {@code aws sso login} (or the SDK, refreshing it) cached it; empty when there is none to read. */
    private static Optional<JsonNode> cachedToken(SsoProfile profile) {
        Path file = SsoTokenCache.file(Path.of(UserHomeDirectoryUtils.userHomeDirectory()), profile.cacheKey());
        try {
            return Optional.of(JsonNodeParser.create().parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "7 h 59 min", "12 min", "40 s". */
    static String describe(Duration left) {
        long minutes = left.toMinutes();
        if (minutes >= 60) {
            return minutes / 60 + " h " + minutes % 60 + " min";
        }
        return minutes > 0 ? minutes + " min" : Math.max(0, left.toSeconds()) + " s";
    }
}
