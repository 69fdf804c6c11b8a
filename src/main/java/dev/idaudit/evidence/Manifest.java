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
 * @param files every file of the run but the manifest itself, sorted by path
 * @param timingsMillis phase → milliseconds, e.g. collect, check, report
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
        List<FileEntry> files) {

    public static final String FILE_NAME = "manifest.json";
    public static final int CURRENT_VERSION = 1;

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
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(runDir + ": not a run directory (no " + FILE_NAME + ")");
        }
        Manifest m;
        try {
            m = Json.json().readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": not a valid manifest: " + e.getMessage(), e);
        }
        if (m.manifestVersion() > CURRENT_VERSION || m.manifestVersion() < 1) {
            throw new BadInputException(file + ": manifestVersion " + m.manifestVersion() + " is not one this idaudit reads ("
                    + CURRENT_VERSION + ")");
        }
        return m;
    }
}
