package dev.idaudit.drift;

import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
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
                out.add(i.scope());
            }
        }
        return out;
    }

    /**
     * True when {@code snapshot} did not read completely where {@code entity} would be: an issue in
     * its type's section (or one containing or inside it) for the whole section, for the entity's
     * account, or for its app; or that part of the snapshot is absent altogether. An entity missing
     * there is "not collected", never "removed".
     */
    static boolean missed(Snapshot snapshot, Entity entity) {
        String section = entity.type().section;
        for (CollectionIssue i : issues(snapshot)) {
            if (!Sections.overlaps(i.section(), section)) {
                continue;
            }
            if (i.accountId() == null && i.appId() == null) {
                return true;
            }
            // An issue for one account or app covers only entities that live in one; one whose
            // account or app cannot be told from the snapshot counts as inside it.
            String account = SnapshotEntities.accountIdOf(entity);
            String app = SnapshotEntities.appIdOf(entity);
            boolean accountCovers = i.accountId() == null
                    || (SnapshotEntities.perAccount(entity.type()) && (account == null || i.accountId().equals(account)));
            boolean appCovers = i.appId() == null || (SnapshotEntities.perApp(entity.type()) && (app == null || i.appId().equals(app)));
            if (accountCovers && appCovers) {
                return true;
            }
        }
        return false;
    }

    /** The snapshot's issues, plus one for each part that is absent altogether (as the rules' coverage counts it). */
    private static List<CollectionIssue> issues(Snapshot snapshot) {
        List<CollectionIssue> out = new ArrayList<>(snapshot.collectionIssues());
        if (snapshot.okta() == null) {
            out.add(absent(Sections.OKTA));
        }
        if (snapshot.aws() == null) {
            out.add(absent(Sections.AWS));
        } else {
            if (snapshot.aws().organization() == null) {
                out.add(absent(Sections.AWS_ORGANIZATION));
            }
            if (snapshot.aws().identityCenter() == null) {
                out.add(absent("aws.identityCenter"));
            }
        }
        return out;
    }

    private static CollectionIssue absent(String section) {
        return new CollectionIssue(section, null, null, "-", "absent", "the snapshot has no " + section + " part");
    }
}
