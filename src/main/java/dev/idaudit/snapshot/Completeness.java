package dev.idaudit.snapshot;

import java.util.ArrayList;
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

    /**
     * A version 1 snapshot with the gaps its collector did not record: it listed assignments per
     * principal from whatever user and group lists it had, memberships per group, and assignments
     * whose provisioning failed through the provisioning requests, without saying so when those
     * lists were partial. Each such gap is added as the version 2 collector records it.
     */
    public static Snapshot withVersionOneInheritedGaps(Snapshot snapshot) {
        if (snapshot.schemaVersion() != 1) {
            return snapshot;
        }
        List<CollectionIssue> issues = new ArrayList<>(snapshot.collectionIssues());
        for (String[] link : new String[][] {
                {Sections.AWS_IDC_GROUP_MEMBERSHIPS, Sections.AWS_IDC_GROUPS, "memberships are listed per group, for the groups listed"},
                {Sections.AWS_IDC_ASSIGNMENTS, Sections.AWS_IDC_GROUPS, "assignments may have been listed per principal, for the principals listed"},
                {Sections.AWS_IDC_ASSIGNMENTS, Sections.AWS_IDC_USERS, "assignments may have been listed per principal, for the principals listed"},
                {Sections.AWS_IDC_ASSIGNMENTS, Sections.AWS_IDC_PROVISIONING_REQUESTS,
                        "assignments whose provisioning failed are found through the provisioning requests, so they may be missing"}}) {
            for (CollectionIssue from : snapshot.collectionIssues()) {
                if (from.section().equals(link[1])) {
                    issues.add(new CollectionIssue(link[0], from.accountId(), from.appId(), from.api(),
                            CollectionIssue.READ_THROUGH_PARTIAL_LIST, link[2] + " (" + from.section() + ": " + from.error() + ")",
                            from.permissionSetArn(), from.section(), null));
                }
            }
        }
        return new Snapshot(snapshot.schemaVersion(), snapshot.metadata(), snapshot.okta(), snapshot.aws(), issues);
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
