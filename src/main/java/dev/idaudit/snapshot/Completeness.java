package dev.idaudit.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each section of a snapshot was read: complete, or partial with the issues that say why and
 * for which scope (account, app, permission set, pages read). Derived from
 * {@link Snapshot#collectionIssues()}, the snapshot's one record of what is missing, so the two
 * can never disagree.
 */
public final class Completeness {
    private Completeness() {}

    /** The issues that make {@code section} partial: its own, those it inherited, and those of a section containing it. */
    public static List<CollectionIssue> gaps(Snapshot snapshot, String section) {
        return snapshot.collectionIssues().stream()
                .filter(i -> section.equals(i.section()) || section.startsWith(i.section() + "."))
                .toList();
    }

    /** True when no issue makes {@code section} partial for any scope. */
    public static boolean complete(Snapshot snapshot, String section) {
        return gaps(snapshot, section).isEmpty();
    }

    /** Every section of {@link Sections#ALL} that is partial, with its gaps, in that order. */
    public static Map<String, List<CollectionIssue>> partialSections(Snapshot snapshot) {
        Map<String, List<CollectionIssue>> out = new LinkedHashMap<>();
        for (String section : Sections.ALL) {
            List<CollectionIssue> gaps = gaps(snapshot, section);
            if (!gaps.isEmpty()) {
                out.put(section, gaps);
            }
        }
        return out;
    }
}
