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
        byte[] hash = sha256(accountId + "/" + roleName);
        StringBuilder sb = new StringBuilder("AROA");
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
