package dev.idaudit.drift;

import java.util.Collection;
import java.util.TreeSet;

/**
 * One compared field of an {@link Entity}, already rendered as text so that every entity type
 * is compared, diffed and displayed the same way.
 *
 * @param value the rendered value; null means "not known / not declared" (a desired state
 *     that does not declare a field leaves it null, and it is then not compared)
 * @param multiline true for lists (one item a line, sorted) and policy documents: a change
 *     is shown as a line diff rather than as before → after
 */
public record Property(String name, String value, boolean multiline) {

    public static Property scalar(String name, Object value) {
        return new Property(name, value == null ? null : String.valueOf(value), false);
    }

    public static Property text(String name, String value) {
        return new Property(name, value, true);
    }

    /** A set of items, one a line, sorted so that order never shows up as a change. */
    public static Property set(String name, Collection<String> items) {
        return new Property(name, items == null ? null : String.join("\n", new TreeSet<>(items)), true);
    }
}
