package dev.idaudit.drift;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two snapshots: per entity type, what was added, removed and changed,
 * each change with its before and after, and what the new snapshot did not collect: an entity of
 * the old snapshot that the new one lacks where it could not read completely is "not collected",
 * never "removed". Plain records, so that the text, JSON and HTML
 * renderings all read the same data. Order is deterministic: types in {@link EntityType} order,
 * entities by key.
 *
 * @param caveats sections that one snapshot could not fully collect: an entity "removed" or
 *     "added" there may be a collection gap rather than a change
 * @param findings the findings delta, or null when the findings of both runs were not given
 */
public record SnapshotDiff(Side before, Side after, List<TypeDiff> types, List<String> caveats, FindingsDelta findings) {

    public SnapshotDiff {
        types = List.copyOf(types);
        caveats = List.copyOf(caveats);
    }

    /** Which snapshot a side is: its source (e.g. {@code sandbox:acme}) and when it was taken. */
    public record Side(String source, Instant takenAt) {
        static Side of(Snapshot s) {
            return s.metadata() == null ? new Side(null, null) : new Side(s.metadata().source(), s.metadata().startedAt());
        }
    }

    /**
     * The changes of one entity type; only types with at least one change or one entity not
     * collected are listed.
     *
     * @param notCollected entities of the old snapshot that the new one lacks where it did not
     *     read completely: unknown, not removed (not counted in {@link #size()})
     */
    public record TypeDiff(EntityType type, String title, List<EntityChange> added, List<EntityChange> removed, List<EntityChange> changed,
            List<EntityChange> notCollected) {
        public TypeDiff {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
            notCollected = List.copyOf(notCollected);
        }

        /** How many entities changed (not collected ones are not a change). */
        public int size() {
            return added.size() + removed.size() + changed.size();
        }
    }

    public enum ChangeKind { ADDED, REMOVED, CHANGED, NOT_COLLECTED }

    /**
     * One entity that was added, removed or changed.
     *
     * @param before its properties in the old snapshot (empty when added)
     * @param after its properties in the new snapshot (empty when removed)
     * @param fields the differing fields (for CHANGED; empty otherwise)
     */
    public record EntityChange(ChangeKind kind, EntityType type, String id, String name,
            List<Property> before, List<Property> after, List<FieldDiff> fields) {
        public EntityChange {
            before = List.copyOf(before);
            after = List.copyOf(after);
            fields = List.copyOf(fields);
        }
    }

    public static SnapshotDiff compare(Snapshot before, Snapshot after) {
        Map<EntityType, List<Entity>> old = SnapshotEntities.of(before);
        Map<EntityType, List<Entity>> now = SnapshotEntities.of(after);
        List<TypeDiff> types = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            TypeDiff d = compare(type, old.get(type), now.get(type), after);
            if (d.size() > 0 || !d.notCollected().isEmpty()) {
                types.add(d);
            }
        }
        return new SnapshotDiff(Side.of(before), Side.of(after), types, caveats(before, after), null);
    }

    /** The same diff with the findings delta of the two runs. */
    public SnapshotDiff withFindings(FindingsDelta delta) {
        return new SnapshotDiff(before, after, types, caveats, delta);
    }

    /** True when nothing changed (entities, and findings when given) and nothing went uncollected. */
    @JsonIgnore
    public boolean isEmpty() {
        return types.isEmpty() && (findings == null || findings.isEmpty());
    }

    /** How many entities changed, in all types. */
    public int changeCount() {
        return types.stream().mapToInt(TypeDiff::size).sum();
    }

    /** How many entities of the old snapshot the new one did not collect, in all types. */
    public int notCollectedCount() {
        return types.stream().mapToInt(t -> t.notCollected().size()).sum();
    }

    private static TypeDiff compare(EntityType type, List<Entity> before, List<Entity> after, Snapshot newSnapshot) {
        Map<String, Entity> old = byKey(before);
        Map<String, Entity> now = byKey(after);
        List<EntityChange> added = new ArrayList<>();
        List<EntityChange> removed = new ArrayList<>();
        List<EntityChange> changed = new ArrayList<>();
        List<EntityChange> notCollected = new ArrayList<>();
        for (Entity e : now.values()) {
            Entity was = old.get(e.key());
            if (was == null) {
                added.add(new EntityChange(ChangeKind.ADDED, type, e.id(), e.name(), List.of(), e.properties(), List.of()));
            } else {
                List<FieldDiff> fields = FieldDiff.between(was.properties(), e.properties(), false);
                if (!fields.isEmpty()) {
                    changed.add(new EntityChange(ChangeKind.CHANGED, type, e.id(), e.name(), was.properties(), e.properties(), fields));
                }
            }
        }
        for (Entity e : old.values()) {
            if (!now.containsKey(e.key())) {
                boolean unseen = CollectionGaps.missed(newSnapshot, e);
                (unseen ? notCollected : removed).add(new EntityChange(unseen ? ChangeKind.NOT_COLLECTED : ChangeKind.REMOVED, type,
                        e.id(), e.name(), e.properties(), List.of(), List.of()));
            }
        }
        return new TypeDiff(type, type.title, added, removed, changed, notCollected);
    }

    private static Map<String, Entity> byKey(List<Entity> entities) {
        Map<String, Entity> map = new LinkedHashMap<>();
        entities.forEach(e -> map.putIfAbsent(e.key(), e));
        return map;
    }

    private static List<String> caveats(Snapshot before, Snapshot after) {
        Set<String> old = CollectionGaps.of(before);
        Set<String> now = CollectionGaps.of(after);
        Set<String> all = new TreeSet<>(old);
        all.addAll(now);
        List<String> out = new ArrayList<>();
        for (String gap : all) {
            String which = old.contains(gap) && now.contains(gap) ? "both snapshots" : old.contains(gap) ? "the old snapshot" : "the new snapshot";
            out.add(gap + " was not fully collected in " + which + ": changes there may be collection gaps");
        }
        return out;
    }
}
