package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code idaudit check}, as written to findings.json (schema: docs/findings.md).
 * Fields are only ever added; a reader rejects a newer {@code formatVersion}.
 */
public record CheckResult(
        int formatVersion,
        String toolVersion,
        RulePackRef rulePack,
        SnapshotRef snapshot,
        Instant checkedAt,
        Summary summary,
        List<Finding> findings,
        List<Waivers.StaleWaiver> staleWaivers,
        List<String> waiverWarnings) {

    public static final int FORMAT_VERSION = 1;
    /** Its name in a run directory. */
    public static final String FILE_NAME = "findings.json";

    public CheckResult {
        findings = List.copyOf(findings);
        staleWaivers = staleWaivers == null ? List.of() : List.copyOf(staleWaivers);
        waiverWarnings = waiverWarnings == null ? List.of() : List.copyOf(waiverWarnings);
    }

    public CheckResult(int formatVersion, String toolVersion, RulePackRef rulePack, SnapshotRef snapshot, Instant checkedAt,
            Summary summary, List<Finding> findings, List<Waivers.StaleWaiver> staleWaivers) {
        this(formatVersion, toolVersion, rulePack, snapshot, checkedAt, summary, findings, staleWaivers, List.of());
    }

    /** Which rules made these findings: the pack's version and the SHA-256 of its files. */
    public record RulePackRef(String version, String digest) {}

    /** Which snapshot they were made from. */
    public record SnapshotRef(String source, Instant takenAt, int schemaVersion) {}

    /**
     * Counts. {@code byStatus}: every status; {@code failuresBySeverity}: FAIL findings only
     * (WAIVED ones are not failures).
     */
    public record Summary(Map<Status, Integer> byStatus, Map<Severity, Integer> failuresBySeverity) {
        public Summary {
            // Enum order (PASS, FAIL, ...; CRITICAL first), so the file reads the same every time.
            byStatus = java.util.Collections.unmodifiableMap(new EnumMap<>(byStatus));
            failuresBySeverity = java.util.Collections.unmodifiableMap(new EnumMap<>(failuresBySeverity));
        }

        static Summary of(List<Finding> findings) {
            Map<Status, Integer> status = new EnumMap<>(Status.class);
            for (Status s : Status.values()) {
                status.put(s, 0);
            }
            Map<Severity, Integer> sev = new EnumMap<>(Severity.class);
            for (Severity s : Severity.values()) {
                if (s != Severity.NONE) {
                    sev.put(s, 0);
                }
            }
            for (Finding f : findings) {
                status.merge(f.status(), 1, Integer::sum);
                if (f.status() == Status.FAIL) {
                    sev.merge(f.severity(), 1, Integer::sum);
                }
            }
            return new Summary(status, sev);
        }
    }

    static CheckResult of(RulePack pack, Snapshot snapshot, List<Finding> findings, List<Waivers.StaleWaiver> stale,
            List<String> waiverWarnings) {
        var md = snapshot.metadata();
        return new CheckResult(FORMAT_VERSION, currentToolVersion(), new RulePackRef(pack.version(), pack.digest()),
                new SnapshotRef(md == null ? null : md.source(), md == null ? null : md.finishedAt(), snapshot.schemaVersion()),
                Instant.now(), Summary.of(findings), findings, stale, waiverWarnings);
    }

    private static String currentToolVersion() {
        String v = CheckResult.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** True when a FAIL at or above {@code threshold} remains (NONE: never). */
    public boolean failsAt(Severity threshold) {
        return findings.stream().anyMatch(f -> f.status() == Status.FAIL && f.severity().atLeast(threshold));
    }

    /** The ids of rules with a NOT_EVALUATED finding. */
    public List<String> notEvaluatedRules() {
        return findings.stream().filter(f -> f.status() == Status.NOT_EVALUATED).map(Finding::ruleId).distinct().toList();
    }

    /** Writes findings.json atomically (temporary file renamed into place). */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".findings-", ".tmp");
        try {
            writer().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public String toJson() {
        try {
            return writer().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Map keys sorted (frameworks), so the same findings always give the same bytes. */
    private static com.fasterxml.jackson.databind.ObjectWriter writer() {
        return Json.json().writer().with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public static CheckResult read(Path file) {
        String text = TextFiles.read(file, file.toString(), "findings file");
        return parse(text, file.toString());
    }

    public static CheckResult parse(String json, String name) {
        try {
            var tree = Json.json().readTree(json);
            if (tree == null || !tree.has("formatVersion")) {
                throw new BadInputException(name + ": not a findings file (no formatVersion)");
            }
            if (tree.get("formatVersion").asInt() > FORMAT_VERSION) {
                throw new BadInputException(name + ": findings formatVersion " + tree.get("formatVersion").asInt()
                        + " is newer than this idaudit reads (" + FORMAT_VERSION + ")");
            }
            return Json.json().treeToValue(tree, CheckResult.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(name + ":" + Rule.line(e) + ": malformed findings file: " + e.getOriginalMessage(), e);
        }
    }
}
