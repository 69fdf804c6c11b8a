package dev.idaudit.report;

import dev.idaudit.rules.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a finding across runs: the rule plus the resource (type, account, id). Names and
 * reasons are left out on purpose, so renaming a user or rewording a reason keeps the identity
 * (SARIF fingerprints, JUnit test names, change tracking).
 */
public final class FindingKey {
    private FindingKey() {}

    /** {@code type:account/id}, or {@code type:id} when the resource is not in an account. */
    public static String resourceKey(Finding.Resource r) {
        if (r == null) {
            return "";
        }
        String id = r.id() == null ? "" : r.id();
        String type = r.type() == null ? "resource" : r.type();
        return r.accountId() == null ? type + ":" + id : type + ":" + r.accountId() + "/" + id;
    }

    /** A stable SHA-256 (hex) of the rule id and the resource key. */
    public static String fingerprint(Finding f) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(f.ruleId().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(resourceKey(f.resource()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** What a person calls the resource: its name, else its id. */
    public static String displayName(Finding.Resource r) {
        if (r == null) {
            return "";
        }
        return r.name() != null && !r.name().isBlank() ? r.name() : r.id() == null ? "" : r.id();
    }
}
