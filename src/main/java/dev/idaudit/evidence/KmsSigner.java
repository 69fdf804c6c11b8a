package dev.idaudit.evidence;

import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.security.PublicKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs manifests with an asymmetric AWS KMS key (key usage SIGN_VERIFY): the private key never
 * leaves KMS. The public key is read once with GetPublicKey (DER SubjectPublicKeyInfo) so the run
 * can carry it and its fingerprint; each manifest is one Sign call.
 *
 * <p>The statement is sent whole with MessageType RAW (KMS hashes it with SHA-256 as the
 * algorithm begins): KMS takes up to 4096 bytes, and the statement holds digests, not content,
 * so it stays far below that (a guard refuses anything larger rather than change the meaning).
 */
public final class KmsSigner implements Signing.Signer {
    /** Sign's limit for a RAW message (botocore kms SignRequest.Message: "Messages can be 0-4096 bytes"). */
    static final int RAW_LIMIT = 4096;

    private final KmsClient kms;
    /** The key ARN when KMS names it, to record in the manifest and to sign with. */
    private final String keyArn;
    private final PublicKey publicKey;
    private final String algorithm;
    private final SigningAlgorithmSpec kmsAlgorithm;

    /**
     * @param keyId a key ARN, key id, alias name or alias ARN; the manifest records the key ARN KMS answers with
     */
    public KmsSigner(KmsClient kms, String keyId) {
        this.kms = kms;
        GetPublicKeyResponse pk = kms.getPublicKey(b -> b.keyId(keyId));
        if (pk.keyUsage() != KeyUsageType.SIGN_VERIFY) {
            throw new BadInputException("KMS key " + keyId + " has key usage " + pk.keyUsageAsString()
                    + "; evidence signing needs an asymmetric key with key usage SIGN_VERIFY");
        }
        // KeySpec and the deprecated CustomerMasterKeySpec hold the same value (botocore kms
        // GetPublicKeyResponse); some emulators answer only the older one.
        String spec = pk.keySpecAsString() != null ? pk.keySpecAsString() : pk.customerMasterKeySpecAsString();
        if ("ECC_NIST_P256".equals(spec)) {
            algorithm = Signing.ECDSA;
            kmsAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256;
        } else if (spec != null && spec.startsWith("RSA_")) {
            algorithm = Signing.RSA;
            kmsAlgorithm = SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256;
        } else {
            throw new BadInputException("KMS key " + keyId + " is a " + spec + " key; evidence signing takes ECC_NIST_P256 or RSA_* keys "
                    + "(signed with ECDSA_SHA_256 or RSASSA_PKCS1_V1_5_SHA_256, which any Java or OpenSSL verifies)");
        }
        if (!pk.signingAlgorithms().contains(kmsAlgorithm)) {
            throw new BadInputException("KMS key " + keyId + " does not offer " + kmsAlgorithm + " (it offers " + pk.signingAlgorithmsAsStrings() + ")");
        }
        // GetPublicKeyResponse.KeyId is the key ARN (botocore kms); moto 5.2.1 answers the bare key
        // id, and then the identifier the user gave is the better name to record.
        this.keyArn = pk.keyId() != null && pk.keyId().startsWith("arn:") ? pk.keyId() : keyId;
        this.publicKey = Signing.publicKey(pk.publicKey().asByteArray(), "KMS key " + keyId);
    }

    /** A signer on a client from the SDK's default credential chain (or the named profile); {@code endpoint} for moto. */
    public static KmsSigner open(String keyId, String region, String profile, URI endpoint) {
        return new KmsSigner(AwsClients.configured(KmsClient.builder(), region, profile, endpoint).build(), keyId);
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String kmsKeyId() {
        return keyArn;
    }

    @Override
    public byte[] sign(byte[] message) {
        if (message.length > RAW_LIMIT) {
            throw new IllegalStateException("the manifest statement is " + message.length + " bytes, more than KMS signs as a RAW message");
        }
        return kms.sign(b -> b.keyId(keyArn).message(SdkBytes.fromByteArray(message)).messageType(MessageType.RAW)
                .signingAlgorithm(kmsAlgorithm)).signature().asByteArray();
    }
}
