package dev.idaudit.drift;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A snapshot compared with a desired state, object by object.
 *
 * @param snapshot the snapshot's source and when it was taken
 * @param desiredSources the desired-state files
 * @param compared the entity types compared (those the desired state declares)
 * @param items every compared object, MANAGED included, by type then name
 * @param ignored what the desired state held that was not compared, and why
 * @param caveats sections the snapshot could not fully collect: a MISSING object there may be a collection gap
 */
public record DriftReport(
        SnapshotDiff.Side snapshot,
        List<String> desiredSources,
        List<EntityType> compared,
        List<DriftItem> items,
        List<IgnoredResource> ignored,
        List<String> caveats) {

    public DriftReport {
        desiredSources = List.copyOf(desiredSources);
        compared = List.copyOf(compared);
        items = List.copyOf(items);
        ignored = List.copyOf(ignored);
        caveats = List.copyOf(caveats);
    }

    public enum DriftStatus {
        /** Declared and as declared. */
        MANAGED,
        /** Exists but declared nowhere: made by hand. */
        UNMANAGED,
        /** Declared but absent. */
        MISSING,
        /** Declared and present, with fields that differ. */
        CHANGED
    }

    /**
     * One compared object.
     *
     * @param id the snapshot's id when it exists, else the declared id (may be null for desired.yaml)
     * @param declaredAt where it is declared; null when UNMANAGED
     * @param fields for CHANGED: each field as {@code before} = desired, {@code after} = actual
     */
    public record DriftItem(DriftStatus status, EntityType type, String id, String name, String declaredAt, List<FieldDiff> fields) {
        public DriftItem {
            fields = List.copyOf(fields);
        }
    }

    /** The objects that drifted: everything but MANAGED. */
    public List<DriftItem> drifted() {
        return items.stream().filter(i -> i.status() != DriftStatus.MANAGED).toList();
    }

    @JsonIgnore
    public boolean hasDrift() {
        return !drifted().isEmpty();
    }

    public long count(DriftStatus status) {
        return items.stream().filter(i -> i.status() == status).count();
    }
}
