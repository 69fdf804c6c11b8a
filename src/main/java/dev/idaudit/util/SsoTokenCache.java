package dev.idaudit.util;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where {@code aws sso login} caches an IAM Identity Center access token:
 * {@code <home>/.aws/sso/cache/<sha1>.json}, named by the lower-case hex SHA-1 of the
 * {@code sso-session} name, or of the start URL for a legacy profile (the AWS SDKs read the same
 * files: the Java SDK's OnDiskTokenManager and SsoTokenFileUtils). One place for the sandbox,
 * which writes the files, and the collector, which reads how long a token has left.
 */
public final class SsoTokenCache {
    private SsoTokenCache() {}

    /** The cache file of {@code cacheKey} (a session name or a start URL) under {@code home}. */
    public static Path file(Path home, String cacheKey) {
        try {
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cacheKey.getBytes(StandardCharsets.UTF_8)));
            return home.resolve(".aws").resolve("sso").resolve("cache").resolve(name + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
