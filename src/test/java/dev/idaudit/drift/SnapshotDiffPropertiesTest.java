package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.drift.SnapshotDiff.EntityChange;
import dev.idaudit.drift.SnapshotDiff.TypeDiff;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** What holds for every diff, whatever changed. */
class SnapshotDiffPropertiesTest {

    /** acme with one Okta user removed, one assignment removed, one user's status and one session duration changed. */
    private static Snapshot changed(int removedUser, int removedAssignment, int suspendedUser, int permissionSet, int hours) {
        AcmeSnapshot acme = new AcmeSnapshot();
        String suspended = acme.oktaUsers.get(suspendedUser).id();
        AcmeSnapshot.replace(acme.oktaUsers, u -> u.id().equals(suspended), u -> new OktaSnapshot.User(u.id(), u.login(), u.email(),
                u.firstName(), u.lastName(), "SUSPENDED", u.created(), u.lastLogin(), u.statusChanged()));
        acme.oktaUsers.remove(removedUser);
        acme.assignments.remove(removedAssignment);
        AwsSnapshot.PermissionSet ps = acme.permissionSets.get(permissionSet);
        acme.permissionSets.set(permissionSet, AcmeSnapshot.withSessionDuration(ps, "PT" + hours + "H"));
        return acme.build();
    }

    @Property(tries = 40)
    void swappingTheSnapshotsSwapsAddedWithRemovedAndBeforeWithAfter(
            @ForAll @IntRange(max = 9) int removedUser,
            @ForAll @IntRange(max = 13) int removedAssignment,
            @ForAll @IntRange(max = 9) int suspendedUser,
            @ForAll @IntRange(max = 4) int permissionSet,
            @ForAll @IntRange(min = 1, max = 12) int hours) {
        Snapshot a = new AcmeSnapshot().build();
        Snapshot b = changed(removedUser, removedAssignment, suspendedUser, permissionSet, hours);

        Map<EntityType, TypeDiff> forward = byType(SnapshotDiff.compare(a, b));
        Map<EntityType, TypeDiff> backward = byType(SnapshotDiff.compare(b, a));

        assertEquals(forward.keySet(), backward.keySet());
        for (EntityType t : forward.keySet()) {
            assertEquals(ids(forward.get(t).added()), ids(backward.get(t).removed()));
            assertEquals(ids(forward.get(t).removed()), ids(backward.get(t).added()));
            assertEquals(ids(forward.get(t).changed()), ids(backward.get(t).changed()));
            for (int i = 0; i < forward.get(t).changed().size(); i++) {
                List<FieldDiff> f = forward.get(t).changed().get(i).fields();
                List<FieldDiff> r = backward.get(t).changed().get(i).fields();
                assertEquals(f.stream().map(d -> d.before() + "→" + d.after()).toList(),
                        r.stream().map(d -> d.after() + "→" + d.before()).toList());
            }
        }
        assertTrue(forward.containsKey(EntityType.IDC_ASSIGNMENT), "an assignment was removed");
    }

    @Property(tries = 20)
    void aSnapshotComparedWithItselfHasNoChanges(
            @ForAll @IntRange(max = 9) int removedUser,
            @ForAll @IntRange(max = 13) int removedAssignment,
            @ForAll @IntRange(max = 9) int suspendedUser,
            @ForAll @IntRange(max = 4) int permissionSet,
            @ForAll @IntRange(min = 1, max = 12) int hours) {
        Snapshot b = changed(removedUser, removedAssignment, suspendedUser, permissionSet, hours);

        assertTrue(SnapshotDiff.compare(b, b).isEmpty());
    }

    private static Map<EntityType, TypeDiff> byType(SnapshotDiff d) {
        return d.types().stream().collect(Collectors.toMap(TypeDiff::type, Function.identity()));
    }

    private static List<String> ids(List<EntityChange> changes) {
        return changes.stream().map(EntityChange::id).toList();
    }
}
