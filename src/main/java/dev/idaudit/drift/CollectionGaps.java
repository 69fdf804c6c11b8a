package dev.idaudit.drift;

import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.util.Set;
import java.util.TreeSet;

/** What a snapshot could not collect, as readable lines: the section, and the account or app concerned. */
final class CollectionGaps {
    private CollectionGaps() {}

    /** Every collection issue of the snapshot. */
    static Set<String> of(Snapshot snapshot) {
        return of(snapshot, null);
    }

    /** The collection issues that touch {@code section} (all of them when null). */
    static Set<String> of(Snapshot snapshot, String section) {
        Set<String> out = new TreeSet<>();
        for (CollectionIssue i : snapshot.collectionIssues()) {
            if (section == null || Sections.overlaps(i.section(), section)) {
                out.add(i.section() + (i.accountId() != null ? " (account " + i.accountId() + ")" : "")
                        + (i.appId() != null ? " (app " + i.appId() + ")" : ""));
            }
        }
        return out;
    }
}
