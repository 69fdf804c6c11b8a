package dev.idaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a run directory against its manifest (every hash recomputed, every file accounted for,
 * every field against its signed digest, the signature against the key) and a store's runs
 * against each other (each run's link to the one before it), after CloudTrail's log file
 * integrity validation.
 */
public final class EvidenceVerifier {
    private EvidenceVerifier() {}

    /** How a run's signature stands. */
    public enum SignatureStatus {
        /** Signed, and the signature verifies under the key (pinned, or the run's own). */
        VALID,
        /** The manifest carries no signature (version 1, or a run filed without a key). */
        UNSIGNED,
        /** The signature does not verify over the recorded statement: the integrity field was rewritten. */
        INVALID,
        /** Signed by another key than the pinned one, or the run's public key file is not the key it names. */
        WRONG_KEY,
        /** Signed, but no public key to check it with (none pinned and none in the run). */
        NO_KEY
    }

    /**
     * @param pinned true when the key was given by the verifier ({@code --public-key}), false
     *     when it was the run's own {@link Manifest#PUBLIC_KEY_FILE}, which whoever can write the
     *     run could replace together with the signature
     */
    public record SignatureCheck(SignatureStatus status, String algorithm, String keyFingerprint, String kmsKeyId, boolean pinned,
            String detail) {}

    /**
     * What differs from the manifest. A file is <em>changed</em> when its content no longer has
     * the recorded SHA-256 (or size), <em>removed</em> when it is listed but gone, <em>added</em>
     * when it is there but not listed. {@code changedFields} names the manifest fields that no
     * longer have their recorded digest; {@code problems} are what a run may never hold (symlinks,
     * an empty or duplicate file list, a path outside the run, inputs that disagree with their digests).
     */
    public record Verification(Path runDir, String runId, int manifestVersion, int filesChecked, List<String> changed, List<String> added,
            List<String> removed, List<String> changedFields, List<String> problems, SignatureCheck signature, Manifest.Chain chain,
            String manifestSha256) {
        public Verification {
            changed = List.copyOf(changed);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changedFields = List.copyOf(changedFields);
            problems = List.copyOf(problems);
        }

        /** Nothing differs and the signature, if any, verifies. An unsigned run can be ok: see {@link #signed()}. */
        public boolean ok() {
            return changed.isEmpty() && added.isEmpty() && removed.isEmpty() && changedFields.isEmpty() && problems.isEmpty()
                    && (signature.status() == SignatureStatus.VALID || signature.status() == SignatureStatus.UNSIGNED);
        }

        public boolean signed() {
            return signature.status() == SignatureStatus.VALID;
        }
    }

    /** The runs of a store, oldest first, and what is wrong with the chain that links them. */
    public record StoreVerification(List<Verification> runs, List<String> chainProblems) {
        public StoreVerification {
            runs = List.copyOf(runs);
            chainProblems = List.copyOf(chainProblems);
        }

        public boolean ok() {
            return chainProblems.isEmpty() && runs.stream().allMatch(Verification::ok);
        }

        public boolean allSigned() {
            return !runs.isEmpty() && runs.stream().allMatch(Verification::signed);
        }
    }

    /** A path in a file list must be a plain relative path inside the run. */
    private static final Pattern SAFE_PATH = Pattern.compile("[^/\\\\:\\x00]+(/[^/\\\\:\\x00]+)*");

    private static final Set<String> KNOWN_FIELDS = Stream.of(Manifest.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    public static Verification verify(Path runDir) throws IOException {
        return verify(runDir, null);
    }

    /** @param pinnedKey the key the run must be signed with, or null to use the run's own public key */
    public static Verification verify(Path runDir, PublicKey pinnedKey) throws IOException {
        List<String> problems = new ArrayList<>();
        if (Files.isSymbolicLink(runDir)) {
            problems.add("the run directory is a symlink (to " + Files.readSymbolicLink(runDir) + "): a run is a directory of its own");
        }
        byte[] bytes = Manifest.bytes(runDir);
        String where = runDir.resolve(Manifest.FILE_NAME).toString();
        ObjectNode tree = (ObjectNode) Manifest.readTree(bytes, where);
        List<String> changedFields = new ArrayList<>();
        ObjectNode known = tree.deepCopy();
        TreeSet<String> names = new TreeSet<>();
        tree.fieldNames().forEachRemaining(names::add);
        for (String field : names) {
            if (!KNOWN_FIELDS.contains(field)) {
                known.remove(field);
                changedFields.add(field + " (added)");
            }
        }
        Manifest manifest = Manifest.fromTree(known, where);

        Map<String, Manifest.FileEntry> listed = new HashMap<>();
        Set<String> unsafe = new HashSet<>();
        if (manifest.files().isEmpty()) {
            problems.add("files: the list is empty; a run holds at least its snapshot and findings");
        }
        for (Manifest.FileEntry f : manifest.files()) {
            String p = f.path();
            if (p == null || !SAFE_PATH.matcher(p).matches() || Stream.of(p.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))
                    || p.equals(Manifest.FILE_NAME)) {
                problems.add("files: '" + p + "' is not a file inside the run");
                unsafe.add(p);
            } else if (listed.put(p, f) != null) {
                problems.add("files: '" + p + "' is listed twice");
            }
        }

        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path p : walk.filter(p -> !p.equals(runDir)).toList()) {
                String rel = Digests.relative(runDir, p);
                if (Files.isSymbolicLink(p)) {
                    problems.add("symlink: '" + rel + "' points to " + Files.readSymbolicLink(p) + "; a run holds only its own regular files");
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!rel.equals(Manifest.FILE_NAME)) {
                        present.add(rel);
                    }
                } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add("'" + rel + "' is not a regular file");
                }
            }
        }
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String path : present) {
            Manifest.FileEntry entry = listed.get(path);
            if (entry == null) {
                added.add(path);
                continue;
            }
            Path file = runDir.resolve(path);
            if (Files.size(file) != entry.size() || !Digests.sha256Hex(file).equals(entry.sha256())) {
                changed.add(path);
            }
        }
        new TreeSet<>(listed.keySet()).stream().filter(p -> !present.contains(p)).forEach(removed::add);

        Manifest.Integrity integrity = manifest.integrity();
        if (integrity != null && integrity.fieldDigests() != null) {
            Map<String, String> now = Seal.fieldDigests(known);
            Map<String, String> recorded = new TreeMap<>(integrity.fieldDigests());
            for (Map.Entry<String, String> e : now.entrySet()) {
                String before = recorded.remove(e.getKey());
                if (before == null) {
                    changedFields.add(e.getKey() + " (added)");
                } else if (!before.equals(e.getValue())) {
                    changedFields.add(e.getKey());
                }
            }
            recorded.keySet().forEach(f -> changedFields.add(f + " (removed)"));
        } else if (manifest.manifestVersion() >= 2) {
            problems.add("integrity: missing from a version " + manifest.manifestVersion() + " manifest (removed)");
        }
        if (manifest.inputs() != null) {
            checkInput("configDigest", manifest.configDigest(), manifest.inputs().config(), Manifest.Inputs.CONFIG_FILE, Manifest.NO_CONFIG,
                    listed, problems);
            checkInput("waiversDigest", manifest.waiversDigest(), manifest.inputs().waivers(), Manifest.Inputs.WAIVERS_FILE,
                    Manifest.NO_WAIVERS, listed, problems);
        }
        SignatureCheck signature = checkSignature(runDir, tree, integrity, pinnedKey, listed.containsKey(Manifest.PUBLIC_KEY_FILE));
        return new Verification(runDir, manifest.runId(), manifest.manifestVersion(), manifest.files().size(), changed, added, removed,
                changedFields, problems, signature, manifest.chain(), Digests.sha256Hex(bytes));
    }

    /** A copied input must be the file the manifest names, and its digest the listed file's. */
    private static void checkInput(String field, String digest, String path, String expectedPath, String none,
            Map<String, Manifest.FileEntry> listed, List<String> problems) {
        if (path == null) {
            if (!none.equals(digest)) {
                problems.add(field + ": '" + digest + "' but the run holds no copy of that input");
            }
            return;
        }
        Manifest.FileEntry entry = listed.get(path);
        if (!path.equals(expectedPath) || entry == null) {
            problems.add(field + ": the copy '" + path + "' is not a listed file of the run");
        } else if (!("sha256:" + entry.sha256()).equals(digest)) {
            problems.add(field + ": '" + digest + "' is not the digest of " + path);
        }
    }

    private static SignatureCheck checkSignature(Path runDir, JsonNode tree, Manifest.Integrity integrity, PublicKey pinned,
            boolean keyListed) {
        if (integrity != null && !integrity.signed() && (integrity.signatureAlgorithm() != null || integrity.keyFingerprint() != null)) {
            return new SignatureCheck(SignatureStatus.INVALID, integrity.signatureAlgorithm(), integrity.keyFingerprint(), integrity.kmsKeyId(),
                    false, "the signature was removed: the manifest still names the key that signed it");
        }
        if (integrity == null || !integrity.signed()) {
            return new SignatureCheck(SignatureStatus.UNSIGNED, null, null, null, false,
                    "the manifest is not signed: anyone who can write the store can change a run and its manifest together");
        }
        String alg = integrity.signatureAlgorithm();
        String fp = integrity.keyFingerprint();
        PublicKey key = pinned;
        if (key == null) {
            Path keyFile = runDir.resolve(Manifest.PUBLIC_KEY_FILE);
            if (!keyListed || !Files.isRegularFile(keyFile, LinkOption.NOFOLLOW_LINKS)) {
                return new SignatureCheck(SignatureStatus.NO_KEY, alg, fp, integrity.kmsKeyId(), false,
                        "signed, but the run holds no " + Manifest.PUBLIC_KEY_FILE + " and no --public-key was given");
            }
            key = Signing.readPublicKey(keyFile);
        }
        String keyFp = Signing.fingerprint(key);
        if (!keyFp.equals(fp)) {
            return new SignatureCheck(SignatureStatus.WRONG_KEY, alg, fp, integrity.kmsKeyId(), pinned != null,
                    "the manifest names key " + fp + " but " + (pinned != null ? "the pinned key is " : Manifest.PUBLIC_KEY_FILE + " holds ") + keyFp);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(integrity.signature());
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        boolean valid = Signing.verify(alg, key, Seal.statement(tree.path(Manifest.INTEGRITY)), signature);
        return new SignatureCheck(valid ? SignatureStatus.VALID : SignatureStatus.INVALID, alg, fp, integrity.kmsKeyId(), pinned != null,
                valid ? "the signature verifies" : "the signature does not verify: integrity (the field digests, algorithm or key) was rewritten");
    }

    /**
     * Verifies every run and the chain between them: each run must name the run before it in
     * the store, that run's manifest digest and its signature, and only the first run may start
     * a chain. A deleted, replaced, inserted or reordered run breaks a link and is named.
     *
     * @param runDirs the store's runs, oldest first (as {@link RunStore#runs()} lists them)
     */
    public static StoreVerification verifyStore(List<Path> runDirs, PublicKey pinnedKey) throws IOException {
        List<Verification> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            runs.add(verify(dir, pinnedKey));
        }
        List<String> problems = new ArrayList<>();
        Set<String> ids = runs.stream().map(Verification::runId).collect(Collectors.toSet());
        boolean chained = false;
        for (int i = 0; i < runs.size(); i++) {
            Verification run = runs.get(i);
            String dirName = run.runDir().getFileName().toString();
            if (!dirName.equals(run.runId())) {
                problems.add("directory " + dirName + " holds run " + run.runId() + " (renamed or reordered)");
            }
            Manifest.Chain link = run.chain();
            Verification before = i == 0 ? null : runs.get(i - 1);
            if (link == null) {
                if (chained) {
                    problems.add("run " + run.runId() + " has no link to the run before it (manifest version " + run.manifestVersion()
                            + ") but follows linked runs: it was put in later");
                }
                continue;
            }
            chained = true;
            if (link.start()) {
                if (before != null) {
                    problems.add("run " + run.runId() + " says it starts the store's chain, but run " + before.runId()
                            + " precedes it: one of them was put in later");
                }
                continue;
            }
            String prev = link.previousRunId();
            if (before == null || !before.runId().equals(prev)) {
                if (ids.contains(prev)) {
                    problems.add("run " + run.runId() + " links to run " + prev + ", but " + (before == null ? "that run comes after it"
                            : "run " + before.runId() + " is between them") + " (inserted or reordered)");
                } else {
                    problems.add("run " + prev + " is missing: run " + run.runId() + " links to it (deleted)"
                            + (before == null ? "" : "; run " + before.runId() + " is in its place"));
                }
                continue;
            }
            if (!before.manifestSha256().equals(link.previousManifestSha256())) {
                problems.add("run " + prev + ": its manifest.json is not the one run " + run.runId()
                        + " linked to (sha256 " + before.manifestSha256() + ", linked " + link.previousManifestSha256() + "): replaced or edited");
            }
            String signatureNow = signatureOf(before);
            if (!Objects.equals(signatureNow, link.previousManifestSignature())) {
                problems.add("run " + prev + ": its signature is not the one run " + run.runId() + " linked to ("
                        + (link.previousManifestSignature() == null ? "it was unsigned then" : signatureNow == null ? "it was signed then; the signature was removed"
                                : "it was re-signed") + ")");
            }
        }
        return new StoreVerification(runs, problems);
    }

    private static String signatureOf(Verification run) throws IOException {
        JsonNode sig = Manifest.readTree(Manifest.bytes(run.runDir()), run.runId()).path(Manifest.INTEGRITY).path("signature");
        return sig.isTextual() ? sig.asText() : null;
    }
}
