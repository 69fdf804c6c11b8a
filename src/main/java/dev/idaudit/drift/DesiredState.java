package dev.idaudit.drift;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What should exist, from a desired.yaml or Terraform state files: one model for both, compared
 * with a snapshot by {@link DriftCheck}. Declared objects are {@link Entity entities} whose
 * properties use the snapshot's field names; a property left null is not declared and not compared.
 *
 * @param sources the files read, with what identifies them (Terraform serial and lineage)
 * @param declaredTypes the entity types the sources declare: only these are compared, so that a
 *     state file that manages permission sets does not report every Okta group as unmanaged
 * @param ignored resources the readers did not use, each with why
 */
public record DesiredState(List<String> sources, List<Declared> objects, List<EntityType> declaredTypes, List<IgnoredResource> ignored) {

    public DesiredState {
        sources = List.copyOf(sources);
        objects = List.copyOf(objects);
        declaredTypes = declaredTypes.stream().distinct().sorted().toList();
        ignored = List.copyOf(ignored);
    }

    /** One declared object and where it was declared ({@code file:line} or a Terraform address). */
    public record Declared(Entity entity, String declaredAt) {}

    /** Several sources (e.g. one Terraform state per workspace) as one desired state. */
    public static DesiredState merge(List<DesiredState> states) {
        List<String> sources = new ArrayList<>();
        List<Declared> objects = new ArrayList<>();
        Set<EntityType> types = EnumSet.noneOf(EntityType.class);
        List<IgnoredResource> ignored = new ArrayList<>();
        for (DesiredState s : states) {
            sources.addAll(s.sources());
            objects.addAll(s.objects());
            types.addAll(s.declaredTypes());
            ignored.addAll(s.ignored());
        }
        return new DesiredState(sources, objects, List.copyOf(types), ignored);
    }
}
