package dev.idaudit.evidence;

import dev.idaudit.util.BadInputException;
import dev.idaudit.util.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Signing manifests: the key file signer, the public key's fingerprint and PEM form, and the
 * check of a signature. Two algorithms, the ones KMS offers for the same keys, so a manifest
 * signed by KMS verifies the same way as one signed with a key file: {@code SHA256withECDSA}
 * (P-256; KMS {@code ECDSA_SHA_256}, DER-encoded signature) and {@code SHA256withRSA}
 * (RSASSA-PKCS1-v1_5; KMS {@code RSASSA_PKCS1_V1_5_SHA_256}).
 */
public final class Signing {
    private Signing() {}

    public static final String ECDSA = "SHA256withECDSA";
    public static final String RSA = "SHA256withRSA";
    static final Set<String> ALGORITHMS = Set.of(ECDSA, RSA);

    /** What signs a manifest's statement: a key file here, or a KMS key whose private half never leaves KMS. */
    public interface Signer {
        /** {@link #ECDSA} or {@link #RSA}. */
        String algorithm();

        PublicKey publicKey();

        /** The KMS key ARN, or null for a key file. */
        String kmsKeyId();

        byte[] sign(byte[] message);
    }

    /** "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo: what {@code openssl pkey -pubin -outform DER | sha256sum} prints. */
    public static String fingerprint(PublicKey key) {
        return "sha256:" + Digests.sha256Hex(key.getEncoded());
    }

    /** The PEM "PUBLIC KEY" (SubjectPublicKeyInfo) text of a key. */
    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** Reads a public key: PEM ("BEGIN PUBLIC KEY") or DER SubjectPublicKeyInfo, RSA or EC. */
    public static PublicKey readPublicKey(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the public key: " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        byte[] der = text.contains("-----BEGIN") ? unpem(file, text, "PUBLIC KEY") : bytes;
        return publicKey(der, file.toString());
    }

    static PublicKey publicKey(byte[] der, String where) {
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new BadInputException(where + ": not an RSA or EC public key (SubjectPublicKeyInfo, PEM or DER)");
    }

    /** The signer of a PKCS#8 PEM private key file ("BEGIN PRIVATE KEY"), RSA or EC. */
    public static Signer keyFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the signing key: " + e.getClass().getSimpleName());
        }
        byte[] der = unpem(file, text, "PRIVATE KEY");
        PrivateKey key = null;
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        if (key == null) {
            throw new BadInputException(file + ": not a PKCS#8 RSA or EC private key (make one with `idaudit evidence keygen`)");
        }
        return new KeyFileSigner(key instanceof ECPrivateKey ? ECDSA : RSA, publicOf(key, file), key);
    }

    /** The signer of a private key held in memory, read from a key file. */
    private record KeyFileSigner(String algorithm, PublicKey publicKey, PrivateKey privateKey) implements Signer {
        @Override
        public String kmsKeyId() {
            return null;
        }

        @Override
        public byte[] sign(byte[] message) {
            try {
                Signature s = Signature.getInstance(algorithm);
                s.initSign(privateKey);
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign with " + algorithm + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "key file signer " + fingerprint(publicKey); // never the private key
        }
    }

    /** True when {@code signature} is {@code algorithm}'s signature of {@code message} under {@code key}. */
    public static boolean verify(String algorithm, PublicKey key, byte[] message, byte[] signature) {
        if (!ALGORITHMS.contains(algorithm)) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a key of the other type, or a malformed signature: it does not verify
        }
    }

    /**
     * Makes a key pair: {@code <prefix>.key} (PKCS#8 PEM, owner read/write only where the file
     * system has POSIX modes) and {@code <prefix>.pub.pem}. Refuses to overwrite either file.
     *
     * @param algorithm "ec" (P-256, the default) or "rsa" (3072 bits)
     */
    public static KeyPair keygen(String algorithm, Path privateFile, Path publicFile) throws IOException {
        KeyPair pair;
        try {
            switch (algorithm.toLowerCase(Locale.ROOT)) {
                case "ec" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    pair = g.generateKeyPair();
                }
                case "rsa" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(3072);
                    pair = g.generateKeyPair();
                }
                default -> throw new BadInputException("--algorithm must be ec or rsa, not '" + algorithm + "'");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make " + algorithm + " keys: " + e.getMessage(), e);
        }
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p)) {
                throw new BadInputException(p + ": already exists; idaudit never overwrites a key");
            }
        }
        byte[] privateDer = pair.getPrivate() instanceof ECPrivateKey ec
                ? ecPkcs8WithPublicKey(ec, (java.security.interfaces.ECPublicKey) pair.getPublic())
                : pair.getPrivate().getEncoded();
        byte[] privatePem = pem("PRIVATE KEY", privateDer).getBytes(StandardCharsets.US_ASCII);
        try {
            OwnerOnly.createFile(privateFile);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(privateFile + ": already exists; idaudit never overwrites a key");
        }
        Files.write(privateFile, privatePem, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(publicFile, publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        return pair;
    }

    private static PublicKey publicOf(PrivateKey key, Path file) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                // Java has no public API for Q = d·G, so the public key comes from the optional
                // publicKey field of the PKCS#8 ECPrivateKey (RFC 5915), which OpenSSL and keygen write.
                return ecPublicKey(key.getEncoded(), file);
            }
        } catch (GeneralSecurityException e) {
            throw new BadInputException(file + ": cannot derive the public key: " + e.getMessage(), e);
        }
        throw new BadInputException(file + ": not an RSA or EC private key");
    }

    /** The public key of a PKCS#8 EC private key, from its ECPrivateKey's [1] publicKey. */
    private static PublicKey ecPublicKey(byte[] pkcs8, Path file) throws GeneralSecurityException {
        Der info = Der.read(pkcs8, 0);                         // PrivateKeyInfo SEQUENCE
        Der version = Der.read(pkcs8, info.content);           // INTEGER 0
        Der algorithm = Der.read(pkcs8, version.end());         // AlgorithmIdentifier SEQUENCE
        Der octets = Der.read(pkcs8, algorithm.end());          // OCTET STRING holding ECPrivateKey
        Der ecKey = Der.read(pkcs8, octets.content);            // ECPrivateKey SEQUENCE
        for (int at = Der.read(pkcs8, ecKey.content).end(); at < ecKey.end(); ) {
            Der field = Der.read(pkcs8, at);
            if (field.tag == 0xA1) {                            // [1] publicKey BIT STRING
                Der bits = Der.read(pkcs8, field.content);
                byte[] point = java.util.Arrays.copyOfRange(pkcs8, bits.content + 1, bits.end()); // skip the unused-bits byte
                byte[] spki = Der.sequence(java.util.Arrays.copyOfRange(pkcs8, algorithm.start, algorithm.end()),
                        Der.tlv(0x03, concat(new byte[] {0}, point)));
                return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            }
            at = field.end();
        }
        throw new BadInputException(file + ": the EC private key holds no public key; make the key with `idaudit evidence keygen` "
                + "or `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`, which include it");
    }

    /** PKCS#8 of an EC key with the public key in its ECPrivateKey, so the file alone gives both halves. */
    private static byte[] ecPkcs8WithPublicKey(ECPrivateKey key, java.security.interfaces.ECPublicKey pub) {
        byte[] javaPkcs8 = key.getEncoded();
        Der info = Der.read(javaPkcs8, 0);
        Der version = Der.read(javaPkcs8, info.content);
        Der algorithm = Der.read(javaPkcs8, version.end());
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] point = concat(new byte[] {4}, unsigned(pub.getW().getAffineX(), size), unsigned(pub.getW().getAffineY(), size));
        byte[] ecPrivateKey = Der.sequence(Der.tlv(0x02, new byte[] {1}), Der.tlv(0x04, unsigned(key.getS(), size)),
                Der.tlv(0xA1, Der.tlv(0x03, concat(new byte[] {0}, point))));
        return Der.sequence(Der.tlv(0x02, new byte[] {0}), java.util.Arrays.copyOfRange(javaPkcs8, algorithm.start, algorithm.end()),
                Der.tlv(0x04, ecPrivateKey));
    }

    private static byte[] unsigned(java.math.BigInteger n, int size) {
        byte[] b = n.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(b.length, size);
        System.arraycopy(b, b.length - copy, out, size - copy, copy);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One DER element: its tag, where it starts, where its content starts and how long it is. */
    private record Der(int tag, int start, int content, int length) {
        int end() {
            return content + length;
        }

        static Der read(byte[] b, int at) {
            try {
                int tag = b[at] & 0xFF;
                int len = b[at + 1] & 0xFF;
                int content = at + 2;
                if (len > 0x80) {
                    int n = len - 0x80;
                    len = 0;
                    for (int i = 0; i < n; i++) {
                        len = (len << 8) | (b[content++] & 0xFF);
                    }
                }
                if (content + len > b.length || len < 0) {
                    throw new BadInputException("the key is not valid DER");
                }
                return new Der(tag, at, content, len);
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new BadInputException("the key is not valid DER");
            }
        }

        static byte[] tlv(int tag, byte[] content) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(tag);
            int len = content.length;
            if (len < 0x80) {
                out.write(len);
            } else if (len < 0x100) {
                out.write(0x81);
                out.write(len);
            } else {
                out.write(0x82);
                out.write(len >> 8);
                out.write(len & 0xFF);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... parts) {
            return tlv(0x30, concat(parts));
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file, String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            String found = text.contains("-----BEGIN") ? text.substring(text.indexOf("-----BEGIN"), Math.min(text.length(),
                    text.indexOf("-----BEGIN") + 40)).lines().findFirst().orElse("") : "no PEM block";
            throw new BadInputException(file + ": expected a PEM '" + begin + "' block (PKCS#8), found " + found
                    + (type.equals("PRIVATE KEY") ? "; convert with `openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW`" : ""));
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException bad) {
            throw new BadInputException(file + ": the PEM block is not valid base64");
        }
    }
}
