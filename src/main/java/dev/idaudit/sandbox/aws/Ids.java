package dev.idaudit.sandbox.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Stable ids derived from names, so the same scenario always answers with the same ids. */
final class Ids {
    private Ids() {}

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /** An IAM role id: AROA followed by 17 characters, like AWS's unique ids. */
    static String roleId(String accountId, String roleName) {
        return iamId("AROA", accountId + "/" + roleName);
    }

    /** An IAM user id: AIDA followed by 17 characters. */
    static String userId(String accountId, String userName) {
        return iamId("AIDA", accountId + "/user/" + userName);
    }

    private static String iamId(String prefix, String seed) {
        byte[] hash = sha256(seed);
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            sb.append(BASE32.charAt((hash[i] & 0xff) % 32));
        }
        return sb.toString();
    }

    /** A UUID-shaped id (e.g. a group membership id). */
    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
