package dev.idaudit.evidence;

import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Lists;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * manifest.json: what a run directory holds and where it came from. Written last, after every
 * other file, so a run with a manifest is complete; {@link EvidenceVerifier} checks the files
 * against it.
 *
 * <p>Version 2 (after CloudTrail's digest files) adds the copies of the run's inputs, the link to
 * the previous run's manifest in the same store ({@link Chain}) and {@link Integrity}: a digest of
 * every other field, signed when the run was given a key. Version 1 manifests still read; they
 * verify as unsigned and unchained.
 *
 * @param files every file of the run but the manifest itself, sorted by path
 * @param timingsMillis phase → milliseconds, e.g. collect, check, report
 * @param configDigest "sha256:" + hex of the run's config copy ({@link Inputs#config}), or
 *     {@link #NO_CONFIG} when the run had no configuration file
 * @param waiversDigest the same for the waivers file ({@link #NO_WAIVERS}); null in version 1
 */
public record Manifest(
        int manifestVersion,
        String runId,
        String toolVersion,
        Instant startedAt,
        Instant finishedAt,
        String rulePackDigest,
        String configDigest,
        List<Source> sources,
        Map<String, Long> timingsMillis,
        List<CollectionIssue> collectionIssues,
        List<FileEntry> files,
        String waiversDigest,
        Inputs inputs,
        Chain chain,
        Integrity integrity) {

    public static final String FILE_NAME = "manifest.json";
    public static final int CURRENT_VERSION = 2;
    /** The run's public key (PEM), when it was signed: a file of the run like any other. */
    public static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";
    public static final String NO_CONFIG = "none: the run was given no configuration file";
    public static final String NO_WAIVERS = "none: the run was given no waivers file";
    /** The top-level field that holds the digests of all the others and the signature. */
    static final String INTEGRITY = "integrity";

    public Manifest {
        sources = Lists.copy(sources);
        timingsMillis = timingsMillis == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timingsMillis));
        collectionIssues = Lists.copy(collectionIssues);
        files = Lists.copy(files);
    }

    /** A system the run read, e.g. okta → https://acme.okta.com. */
    public record Source(String name, String location) {}

    /** One file of the run: its path relative to the run directory (with /), size and SHA-256 (hex). */
    public record FileEntry(String path, long size, String sha256) {}

    /** Where the run keeps the copies of its inputs (paths in the run), null when it had none. */
    public record Inputs(String config, String waivers) {
        public static final String CONFIG_FILE = "inputs/config.redacted.json";
        public static final String WAIVERS_FILE = "inputs/waivers.yaml";
    }

    /**
     * The link to the run before this one in the same store, like a CloudTrail digest file's
     * previousDigestHashValue and previousDigestSignature: the SHA-256 of that run's manifest.json
     * as stored (hex) and its signature (base64, null when it was unsigned). The first run of a
     * store says {@code start: true} and names no previous run.
     */
    public record Chain(boolean start, String previousRunId, String previousManifestSha256, String previousManifestSignature) {
        public static final Chain START = new Chain(true, null, null, null);

        /** The link to a stored run's manifest, given its bytes exactly as stored. */
        public static Chain after(String runId, byte[] manifestBytes) {
            String signature = null;
            try {
                com.fasterxml.jackson.databind.JsonNode sig = readTree(manifestBytes, runId).path(INTEGRITY).path("signature");
                signature = sig.isTextual() ? sig.asText() : null;
            } catch (BadInputException unreadable) {
                // the hash still links to it; verify will say what is wrong with that run
            }
            return new Chain(false, runId, Digests.sha256Hex(manifestBytes), signature);
        }
    }

    /**
     * What makes a version-2 manifest prove itself. {@code fieldDigests} holds, for every other
     * top-level field of the manifest, the hex SHA-256 of its value's canonical JSON
     * ({@link Digests#canonicalJson}); the signature is over the canonical JSON of this object
     * without {@code signature} (the statement: field digests, algorithm, key fingerprint, KMS
     * key). So the signature covers every field, and when a field is edited its digest names it.
     * Unsigned manifests carry the digests with null algorithm, key and signature.
     */
    public record Integrity(Map<String, String> fieldDigests, String signatureAlgorithm, String keyFingerprint, String kmsKeyId,
            String signature) {
        public Integrity {
            fieldDigests = fieldDigests == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fieldDigests));
        }

        public boolean signed() {
            return signature != null;
        }
    }

    /** What the caller knows about the run; the store adds the run id, the timings and the files. */
    public record Details(
            String toolVersion,
            Instant finishedAt,
            String rulePackDigest,
            String configDigest,
            List<Source> sources,
            List<CollectionIssue> collectionIssues) {
        public Details {
            sources = Lists.copy(sources);
            collectionIssues = Lists.copy(collectionIssues);
        }
    }

    public static Manifest read(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        return fromTree(readTree(bytes(runDir), file.toString()), file.toString());
    }

    /** The bytes of a run's manifest.json; a run without one is not a run. */
    static byte[] bytes(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(runDir + ": not a run directory (no " + FILE_NAME + (Files.isSymbolicLink(file) ? ", only a symlink" : "")
                    + ")");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The manifest as a JSON tree; a key given twice is refused (a reader could take either). */
    static com.fasterxml.jackson.databind.JsonNode readTree(byte[] bytes, String where) {
        try (com.fasterxml.jackson.core.JsonParser parser = STRICT.getFactory().createParser(bytes)) {
            com.fasterxml.jackson.databind.JsonNode tree = STRICT.readTree(parser);
            if (tree == null || !tree.isObject()) {
                throw new BadInputException(where + ": not a valid manifest: not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new BadInputException(where + ": not a valid manifest: " + e.getMessage(), e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    static Manifest fromTree(com.fasterxml.jackson.databind.JsonNode tree, String where) {
        Manifest m;
        try {
            m = Json.json().treeToValue(tree, Manifest.class);
        } catch (IOException e) {
            throw new BadInputException(where + ": not a valid manifest: " + e.getMessage(), e);
        }
        if (m.manifestVersion() > CURRENT_VERSION || m.manifestVersion() < 1) {
            throw new BadInputException(where + ": manifestVersion " + m.manifestVersion() + " is not one this idaudit reads ("
                    + CURRENT_VERSION + ")");
        }
        return m;
    }
}
