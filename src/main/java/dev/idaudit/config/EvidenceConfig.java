package dev.idaudit.config;

import java.nio.file.Path;

/**
 * The evidence: section of idaudit.yaml: how runs are signed. At most one of the two is set;
 * with neither, runs are filed unsigned.
 *
 * @param signingKey a PKCS#8 PEM private key file (RSA or EC), relative paths from the config's folder
 * @param kmsKeyId an asymmetric AWS KMS key (SIGN_VERIFY) by ARN, id or alias; the private key stays in KMS
 */
public record EvidenceConfig(Path signingKey, String kmsKeyId) {
    public static final EvidenceConfig NONE = new EvidenceConfig(null, null);
}
