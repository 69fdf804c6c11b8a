package dev.idaudit.sandbox.aws;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary credentials handed out by AssumeRole and by the access portal's GetRoleCredentials.
 * The access key id carries the account ({@code ASIA<12-digit account><4 chars>}, 20 characters
 * like a real one), so a request signed with it is answered for that account even by a freshly
 * started emulator; the session itself (role, session name, expiration) is remembered for
 * GetCallerIdentity, and a request signed with it after its expiration is refused, as AWS
 * refuses expired temporary credentials. With {@link #acceptOnlyIssued} set, a key this emulator
 * did not issue is refused too (a test then proves which credentials a client signed with).
 */
final class Sessions {
    private static final Pattern TEMPORARY_KEY = Pattern.compile("ASIA(\\d{12})[A-Z0-9]{4}");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_CHARS = ALPHANUMERIC + "abcdefghijklmnopqrstuvwxyz+/";

    record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, Identity identity) {}

    private final AwsWorld world;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> byAccessKey = new ConcurrentHashMap<>();
    private volatile boolean onlyIssued;

    Sessions(AwsWorld world) {
        this.world = world;
    }

    Issued issue(String accountId, String roleName, String sessionName, Instant expiration) {
        String accessKeyId = "ASIA" + accountId + randomChars(ALPHANUMERIC, 4);
        Identity identity = assumedRole(accountId, roleName, sessionName);
        Issued issued = new Issued(accessKeyId, randomChars(SECRET_CHARS, 40), "IQoJb3JpZ2luX2VjE" + randomChars(SECRET_CHARS, 300),
                expiration, identity);
        byAccessKey.put(accessKeyId, issued);
        return issued;
    }

    /** From now on, refuse every access key that this emulator did not issue (the scenario's caller included). */
    void acceptOnlyIssued(boolean only) {
        this.onlyIssued = only;
    }

    /**
     * Who holds this access key id: a session, an account named by a temporary key, or else the scenario's caller.
     *
     * @throws AwsError ExpiredTokenException for a session past its expiration; InvalidClientTokenId for a key
     *     not issued here while {@link #acceptOnlyIssued} is set (AWS's common errors for both)
     */
    Identity identify(String accessKeyId) {
        if (accessKeyId != null) {
            Issued known = byAccessKey.get(accessKeyId);
            if (known != null) {
                if (!Instant.now().isBefore(known.expiration())) {
                    throw new AwsError("ExpiredTokenException", 403, "The security token included in the request is expired");
                }
                return known.identity();
            }
        }
        if (onlyIssued) {
            throw new AwsError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
        }
        if (accessKeyId != null) {
            Matcher m = TEMPORARY_KEY.matcher(accessKeyId);
            if (m.matches() && world.account(m.group(1)).isPresent()) {
                return assumedRole(m.group(1), world.memberRole, "session");
            }
        }
        return new Identity(world.managementAccountId(), world.caller.arn(), world.caller.userId(), null);
    }

    static Identity assumedRole(String accountId, String roleName, String sessionName) {
        return new Identity(accountId, "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName,
                Ids.roleId(accountId, roleName) + ":" + sessionName, roleName);
    }

    private String randomChars(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
