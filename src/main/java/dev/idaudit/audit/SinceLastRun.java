package dev.idaudit.audit;

import static dev.idaudit.util.Plural.count;

import dev.idaudit.drift.EntityType;
import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.drift.FindingsDelta.FindingChange;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.report.FindingKey;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changed since the previous complete run, said where people look (the console's verdict
 * and the chat notification): new failures, fixed ones and new access, read from the same
 * {@link SnapshotDiff} and {@link FindingsDelta} as the reports' change table. It says so plainly
 * when there was no previous run, when the previous run could not be read, and when this run did
 * not see everything the previous one did: what was not collected is never called fixed.
 *
 * @param previousRunId the run compared with, or null when there was none
 * @param unreadable why the previous run could not be compared with, or null
 * @param diff the comparison, or null when there was none
 * @param accessNotCollected the access sections (see {@link #ACCESS}) this run did not read completely
 */
public record SinceLastRun(String previousRunId, String unreadable, SnapshotDiff diff, Set<String> accessNotCollected) {
    /** Entities whose addition gives someone access: an assignment, a group membership, an app assignment. */
    static final List<EntityType> ACCESS = List.of(EntityType.IDC_ASSIGNMENT, EntityType.IDC_GROUP_MEMBERSHIP,
            EntityType.OKTA_APP_USER, EntityType.OKTA_APP_GROUP);
    /** How many items a line names before it counts the rest: a console line and a chat line stay readable. */
    static final int NAMED = 5;

    public SinceLastRun {
        accessNotCollected = Set.copyOf(accessNotCollected);
    }

    /** The first run in a store: nothing to compare with. */
    public static final SinceLastRun NO_PREVIOUS_RUN = new SinceLastRun(null, null, null, Set.of());

    /** A previous run exists but could not be read. */
    public static SinceLastRun unreadable(String previousRunId, String why) {
        return new SinceLastRun(previousRunId, why, null, Set.of());
    }

    /**
     * @param diff the comparison, with its findings delta
     * @param issuesNow this run's collection issues (where new access cannot be known)
     */
    public static SinceLastRun of(String previousRunId, SnapshotDiff diff, List<CollectionIssue> issuesNow) {
        Set<String> unseen = new TreeSet<>();
        for (EntityType t : ACCESS) {
            issuesNow.stream().filter(i -> Sections.overlaps(i.section(), t.section)).forEach(i -> unseen.add(t.title));
        }
        return new SinceLastRun(previousRunId, null, diff, unseen);
    }

    /** True when there is a comparison to speak of. */
    public boolean compared() {
        return diff != null && diff.findings() != null;
    }

    public List<FindingChange> newFailures() {
        return compared() ? diff.findings().newFailures() : List.of();
    }

    public List<FindingChange> fixed() {
        return compared() ? diff.findings().resolved() : List.of();
    }

    /** Access added since the previous run, in {@link #ACCESS} order. */
    public List<SnapshotDiff.EntityChange> newAccess() {
        if (diff == null) {
            return List.of();
        }
        List<SnapshotDiff.EntityChange> out = new ArrayList<>();
        for (EntityType t : ACCESS) {
            diff.types().stream().filter(d -> d.type() == t).forEach(d -> out.addAll(d.added()));
        }
        return out;
    }

    /**
     * The headline, e.g. "7 new failures since the last run (2026-11-30T03-00-00Z)", "No previous
     * run to compare with".
     */
    public String headline() {
        if (previousRunId == null) {
            return "No previous run to compare with: no failure is called new or fixed";
        }
        if (!compared()) {
            return "Not compared with the last run (" + previousRunId + "): " + unreadable;
        }
        int n = newFailures().size();
        return (n == 0 ? "No new failures" : count(n, "new failure", "new failures")) + " since the last run (" + previousRunId + ")";
    }

    /**
     * Plain-text lines, the headline first; names come from the snapshot (a caller escapes them
     * for its medium).
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!compared()) {
            out.add(headline());
            return out;
        }
        FindingsDelta f = diff.findings();
        out.add(headline() + named(newFailures(), SinceLastRun::finding));
        if (!f.waiverExpired().isEmpty()) {
            out.add(count(f.waiverExpired().size(), "waiver", "waivers") + " expired, failing again" + named(f.waiverExpired(), SinceLastRun::finding));
        }
        out.add(fixed().isEmpty() ? "None fixed" : fixed().size() + " fixed" + named(fixed(), SinceLastRun::finding));
        List<SnapshotDiff.EntityChange> access = newAccess();
        if (!access.isEmpty()) {
            out.add(count(access.size(), "new access grant", "new access grants") + named(access, SnapshotDiff.EntityChange::name)
                    + (accessNotCollected.isEmpty() ? "" : " (and possibly more: " + String.join(", ", accessNotCollected) + " not fully collected)"));
        } else if (accessNotCollected.isEmpty()) {
            out.add("No new access");
        }
        out.addAll(caveats());
        return out;
    }

    /**
     * What this run could not compare: new access it could not see, earlier failures or
     * entities it did not collect. Said even where the details are not (--quiet): without
     * them "No new failures" would read as the whole truth.
     */
    public List<String> caveats() {
        List<String> out = new ArrayList<>();
        if (!compared()) {
            return out;
        }
        if (newAccess().isEmpty() && !accessNotCollected.isEmpty()) {
            out.add("New access unknown: " + String.join(", ", accessNotCollected) + " not fully collected this run");
        }
        FindingsDelta f = diff.findings();
        int unseen = f.notCollected().size() + f.noLongerEvaluated().size();
        if (unseen > 0) {
            out.add("Comparison incomplete: " + count(unseen, "earlier failure was", "earlier failures were")
                    + " not collected or not evaluated this run (unknown, not counted as fixed)"
                    + named(concat(f.notCollected(), f.noLongerEvaluated()), SinceLastRun::finding));
        } else if (diff.notCollectedCount() > 0) {
            out.add("Comparison incomplete: " + count(diff.notCollectedCount(), "entity", "entities")
                    + " of the last run not collected this run (unknown, not counted as removed)");
        }
        return out;
    }

    private static String finding(FindingChange c) {
        String account = c.resource() == null || c.resource().accountId() == null ? "" : " [" + c.resource().accountId() + "]";
        return c.ruleId() + " · " + FindingKey.displayName(c.resource()) + account;
    }

    private static <T> String named(List<T> items, Function<T, String> name) {
        if (items.isEmpty()) {
            return "";
        }
        List<String> names = items.stream().limit(NAMED).map(name).toList();
        return ": " + String.join("; ", names) + (items.size() > NAMED ? "; and " + (items.size() - NAMED) + " more" : "");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
