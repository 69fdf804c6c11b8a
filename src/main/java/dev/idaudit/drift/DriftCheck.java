package dev.idaudit.drift;

import dev.idaudit.drift.DriftReport.DriftItem;
import dev.idaudit.drift.DriftReport.DriftStatus;
import dev.idaudit.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import dev.idaudit.model.view.SamlProvidersView;
import java.util.stream.Collectors;

/**
 * Compares a desired state with a snapshot: every declared object is MANAGED, CHANGED or
 * MISSING, and every object of a declared type that no source declares is UNMANAGED, unless
 * another system owns it (see {@link Owners}): those are never drift.
 */
public final class DriftCheck {
    private DriftCheck() {}

    /** The roles Identity Center creates for each assigned permission set. */
    static final Pattern RESERVED_ROLE = Pattern.compile("AWSReservedSSO_.+");
    /** The Okta apps that reach AWS: the only apps drift compares. */
    static final Set<String> AWS_APP_NAMES = Set.of("amazon_aws_sso", "amazon_aws");

    public static DriftReport compare(DesiredState desired, Snapshot snapshot) {
        Map<EntityType, List<Entity>> actual = SnapshotEntities.of(snapshot);
        Set<String> pushed = pushTargetNames(snapshot);
        Owners owners = new Owners(actual.get(EntityType.IDC_GROUP).stream()
                .filter(e -> hasExternalIds(e) || pushed.contains(e.name()))
                .map(Entity::id).collect(Collectors.toSet()));
        List<DriftItem> items = new ArrayList<>();
        List<String> caveats = new ArrayList<>();
        for (EntityType type : desired.declaredTypes()) {
            List<Entity> candidates = actual.get(type).stream()
                    .filter(e -> type != EntityType.OKTA_APP || AWS_APP_NAMES.contains(e.value("name")))
                    .toList();
            List<DesiredState.Declared> declared = desired.objects().stream().filter(d -> d.entity().type() == type).toList();
            items.addAll(compareType(declared, candidates, owners));
            for (String gap : CollectionGaps.of(snapshot, type.section)) {
                caveats.add(type.title + ": " + gap + " was not fully collected: an object MISSING there may be a collection gap");
            }
        }
        items.sort(Comparator.comparing(DriftItem::type).thenComparing(i -> i.name() == null ? "" : i.name())
                .thenComparing(i -> i.id() == null ? "" : i.id()));
        return new DriftReport(SnapshotDiff.Side.of(snapshot), desired.sources(), desired.declaredTypes(), items,
                desired.ignored(), caveats);
    }

    private static List<DriftItem> compareType(List<DesiredState.Declared> declared, List<Entity> candidates, Owners owners) {
        Map<String, Entity> byId = new HashMap<>();
        Map<String, Entity> byName = new HashMap<>();
        for (Entity e : candidates) {
            if (e.id() != null) {
                byId.putIfAbsent(e.id(), e);
            }
            byName.putIfAbsent(e.name(), e);
        }
        Map<Entity, Boolean> matched = new IdentityHashMap<>();
        List<DriftItem> items = new ArrayList<>();
        for (DesiredState.Declared d : declared) {
            Entity want = d.entity();
            // An id, when the source knows one (Terraform), is authoritative: a console-recreated
            // object with the same name but a new id is MISSING + UNMANAGED, as it really is.
            Entity have = want.id() != null ? byId.get(want.id()) : byName.get(want.name());
            if (have == null) {
                items.add(new DriftItem(DriftStatus.MISSING, want.type(), want.id(), want.name(), d.declaredAt(), List.of()));
                continue;
            }
            matched.put(have, true);
            List<FieldDiff> fields = FieldDiff.between(want.properties(), have.properties(), true);
            items.add(new DriftItem(fields.isEmpty() ? DriftStatus.MANAGED : DriftStatus.CHANGED, have.type(), have.id(),
                    have.name(), d.declaredAt(), fields));
        }
        for (Entity e : candidates) {
            if (!matched.containsKey(e) && owners.ownerOf(e) == null) {
                items.add(new DriftItem(DriftStatus.UNMANAGED, e.type(), e.id(), e.name(), null, List.of()));
            }
        }
        return items;
    }

    /**
     * Who owns the objects nobody declares. Such objects are never UNMANAGED: Identity Center
     * creates its reserved roles and SAML providers, Okta's SCIM provisioning creates Identity
     * Store users (they carry ExternalIds) and groups (group push sends displayName and members
     * only: a group is Okta's when a push mapping's target is named as it, or it carries
     * ExternalIds) and fills those groups, and Okta itself owns built-in and app-imported groups.
     *
     * @param scimGroupIds the Identity Store groups Okta pushes or that carry ExternalIds
     */
    private record Owners(Set<String> scimGroupIds) {
        /** The owning system, or null when the object was made by hand. */
        String ownerOf(Entity e) {
            return switch (e.type()) {
                case IAM_RESERVED_ROLE -> "IAM Identity Center";
                case IAM_SAML_PROVIDER -> SamlProvidersView.identityCenterProvider(e.value("name") == null ? null : String.valueOf(e.value("name")))
                        ? "IAM Identity Center" : null;
                case IDC_USER -> hasExternalIds(e) ? "Okta provisioning (SCIM)" : null;
                case IDC_GROUP -> scimGroupIds.contains(e.id()) ? "Okta provisioning (SCIM)" : null;
                case IDC_GROUP_MEMBERSHIP -> scimGroupIds.contains(e.id().substring(0, e.id().indexOf(SnapshotEntities.SEP)))
                        ? "Okta provisioning (SCIM)" : null;
                case OKTA_GROUP -> "BUILT_IN".equals(e.value("type")) || "APP_GROUP".equals(e.value("type")) ? "Okta" : null;
                default -> null;
            };
        }
    }

    /** The names of the groups the amazon_aws_sso apps push to AWS (their push targets' names). */
    private static Set<String> pushTargetNames(Snapshot snapshot) {
        if (snapshot.okta() == null) {
            return Set.of();
        }
        return snapshot.okta().awsApps().stream().flatMap(a -> a.pushMappings().stream())
                .map(snapshot.okta()::pushTargetName).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    private static boolean hasExternalIds(Entity e) {
        String ids = e.value("externalIds");
        return ids != null && !ids.isEmpty();
    }
}
