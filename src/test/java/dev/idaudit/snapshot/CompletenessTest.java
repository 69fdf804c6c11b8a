package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompletenessTest {
    private static Snapshot with(CollectionIssue... issues) {
        Snapshot s = SampleSnapshot.sample();
        return new Snapshot(s.schemaVersion(), s.metadata(), s.okta(), s.aws(), List.of(issues));
    }

    @Test
    void aSectionIsPartialThroughItsOwnIssuesAndThoseOfASectionContainingItOnly() {
        CollectionIssue apps = new CollectionIssue(Sections.OKTA_AWS_APP, null, null, "GET /api/v1/apps", "500", "down");
        CollectionIssue inherited = new CollectionIssue(Sections.AWS_IDC_GROUP_MEMBERSHIPS, null, null, "identitystore:ListGroups",
                CollectionIssue.READ_THROUGH_PARTIAL_LIST, "per group", null, Sections.AWS_IDC_GROUPS, null);
        Snapshot s = with(apps, inherited);

        assertEquals(List.of(apps), Completeness.gaps(s, Sections.OKTA_AWS_APP_USERS), "the app list's gap is its users' gap");
        assertTrue(Completeness.complete(s, Sections.OKTA_APPS), "okta.apps is not inside okta.awsApps");
        assertFalse(Completeness.complete(s, Sections.AWS_IDC_GROUP_MEMBERSHIPS));
        assertTrue(Completeness.complete(s, Sections.AWS_IDC_GROUPS), "an inherited gap belongs to the section that inherits it");
        assertEquals(List.of(Sections.OKTA_AWS_APP, Sections.OKTA_AWS_APP_USERS, Sections.OKTA_AWS_APP_GROUPS,
                        Sections.OKTA_AWS_APP_FEATURES, Sections.OKTA_AWS_APP_DEFAULT_CONNECTION, Sections.OKTA_AWS_APP_PUSH_MAPPINGS,
                        Sections.OKTA_AWS_APP_SIGNING_KEYS, Sections.OKTA_AWS_APP_ACCESS_POLICY, Sections.AWS_IDC_GROUP_MEMBERSHIPS),
                List.copyOf(Completeness.partialSections(s).keySet()));
    }

    @Test
    void aCompleteSnapshotHasNoPartialSection() {
        assertEquals(0, Completeness.partialSections(with()).size());
    }
}
