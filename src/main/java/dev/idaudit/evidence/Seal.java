package dev.idaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.Json;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code integrity} field of a manifest: the digest of every other field and the signature
 * over them. Written by {@link RunWriter}, checked by {@link EvidenceVerifier}; both compute the
 * digests from the JSON tree, so a field this version does not know is covered as well.
 */
final class Seal {
    private Seal() {}

    /** The manifest as the JSON tree to store, with its integrity field: signed when {@code signer} is not null. */
    static ObjectNode seal(Manifest manifest, Signing.Signer signer) {
        ObjectNode tree = Json.json().valueToTree(manifest);
        tree.remove(Manifest.INTEGRITY);
        ObjectNode integrity = tree.objectNode();
        ObjectNode digests = integrity.putObject("fieldDigests");
        fieldDigests(tree).forEach(digests::put);
        integrity.put("signatureAlgorithm", signer == null ? null : signer.algorithm());
        integrity.put("keyFingerprint", signer == null ? null : Signing.fingerprint(signer.publicKey()));
        integrity.put("kmsKeyId", signer == null ? null : signer.kmsKeyId());
        integrity.put("signature", signer == null ? null : Base64.getEncoder().encodeToString(signer.sign(statement(integrity))));
        tree.set(Manifest.INTEGRITY, integrity);
        return tree;
    }

    /** Field name → hex SHA-256 of the canonical JSON of its value, for every top-level field but integrity. */
    static Map<String, String> fieldDigests(JsonNode manifestTree) {
        Map<String, String> out = new TreeMap<>();
        manifestTree.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(Manifest.INTEGRITY)) {
                out.put(e.getKey(), Digests.sha256Hex(Digests.canonicalJson(e.getValue())));
            }
        });
        return out;
    }

    /** The signed bytes: the canonical JSON of the integrity object without its signature. */
    static byte[] statement(JsonNode integrity) {
        ObjectNode copy = integrity.deepCopy();
        copy.remove("signature");
        return Digests.canonicalJson(copy);
    }
}
