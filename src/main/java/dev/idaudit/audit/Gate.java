package dev.idaudit.audit;

import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Severity;
import dev.idaudit.rules.Status;
import dev.idaudit.util.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * When a check fails the build: a FAIL at or above {@code threshold}, or with a baseline only a
 * FAIL that is new since it (or whose waiver expired since), so a team can adopt the gate
 * without fixing everything first. Reports still list every finding. Whether the audit was
 * complete is the {@link Verdict}'s to say, not the gate's.
 *
 * @param baseline the findings of an accepted earlier check, or null to gate on every FAIL
 */
public record Gate(Severity threshold, List<Finding> baseline, boolean allowIncomplete) {

    public static Severity severity(String s) {
        try {
            return Severity.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--fail-on must be critical, high, medium, low or none, not '" + s + "'");
        }
    }

    /** A run directory (its findings.json) or a findings.json file. */
    public static List<Finding> readBaseline(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(CheckResult.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(path + ": no findings.json to use as the baseline");
        }
        return CheckResult.read(file).findings();
    }

    /** The FAIL findings that break the build. */
    public List<Finding> gating(CheckResult result) {
        Stream<Finding> fails = result.findings().stream().filter(f -> f.status() == Status.FAIL && f.severity().atLeast(threshold));
        if (baseline == null) {
            return fails.toList();
        }
        FindingsDelta delta = FindingsDelta.compare(baseline, result.findings());
        Set<Finding> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        Stream.concat(delta.newFailures().stream(), delta.waiverExpired().stream()).map(FindingsDelta.FindingChange::after).forEach(fresh::add);
        return fails.filter(fresh::contains).toList();
    }


    /** "3 failures at or above high" / "1 new failure at or above high (not in the baseline)". */
    public String describe(int count) {
        return count + (baseline == null ? "" : " new") + (count == 1 ? " failure" : " failures") + " at or above " + threshold.lower()
                + (baseline == null ? "" : " (not in the baseline)");
    }
}
