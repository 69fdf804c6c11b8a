package dev.idaudit.review;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The campaign's integrity key ({@value #FILE_NAME}, beside campaign.json, never in a workbook):
 * each workbook row carries an HMAC-SHA256 of the campaign id, the reviewer, the item id and
 * every locked cell, so an edit to a locked cell, a row moved between workbooks or a workbook of
 * another campaign is detected on import. It detects edits by people who do not hold the
 * campaign directory; it keeps nothing secret (docs/access-review.md).
 */
final class IntegrityKey {
    static final String FILE_NAME = "campaign.key";
    private final byte[] key;

    private IntegrityKey(byte[] key) {
        this.key = key;
    }

    static IntegrityKey create(Path dir) throws IOException {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE_NAME), HexFormat.of().formatHex(k) + "\n", StandardCharsets.US_ASCII);
        return new IntegrityKey(k);
    }

    static IntegrityKey read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return new IntegrityKey(HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(file + ": cannot read the campaign's integrity key: " + e.getMessage(), e);
        }
    }

    /** The code of one row: fields joined with a separator no cell holds (unit separator). */
    String code(String campaignId, String reviewer, String itemId, List<String> lockedCells) {
        StringBuilder sb = new StringBuilder(campaignId).append('\u001f').append(reviewer).append('\u001f').append(itemId);
        lockedCells.forEach(c -> sb.append('\u001f').append(c == null ? "" : c));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
