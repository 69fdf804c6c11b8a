package dev.idaudit.drift;

import java.util.List;

/**
 * One thing the diff and drift checks compare: a user, a group, a permission set, an
 * assignment... reduced to a stable id, a readable name and its compared properties.
 *
 * @param id the stable key (an Okta id, an ARN, or a composite such as
 *     {@code permissionSetArn|accountId|GROUP|groupId}); null for a desired object that is
 *     matched by name (desired.yaml knows names, not ids)
 * @param name what a person reads, e.g. a login or {@code GROUP org-DevOps → ReadOnly → 222222222222}
 */
public record Entity(EntityType type, String id, String name, List<Property> properties) {

    public Entity {
        properties = List.copyOf(properties);
    }

    /** The value of a property, or null when absent. */
    public String value(String property) {
        return properties.stream().filter(p -> p.name().equals(property)).map(Property::value).findFirst().orElse(null);
    }

    /** The id when known, else the name: what the diff keys on. */
    public String key() {
        return id != null ? id : name;
    }
}
