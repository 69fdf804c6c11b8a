package dev.idaudit.model.view;

import dev.idaudit.snapshot.Sections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One model variable, declared once: its CEL name, its record type, the snapshot sections it
 * reads (for the list itself and, per field, for what a field adds through a join), how it is
 * derived, and the key and display name of each entity. The registry ({@link
 * dev.idaudit.model.AuditModel}), the rule loader (requirements and coverage) and the reports all
 * read this declaration, so none of them restates it.
 *
 * <p>A requirement is a list of alternatives, as a rule's {@code requires} entry: one section, or
 * several when any one of them is enough (the view falls back from one to the other).
 *
 * @param <T> the record type of one element
 */
public final class View<T> {
    private final String name;
    private final Class<T> type;
    private final String description;
    private final List<List<String>> sections;
    private final Map<String, List<List<String>>> fieldSections;
    private final boolean lazy;
    private final Function<ViewContext, List<T>> derive;
    private final Function<T, String> key;
    private final Function<T, String> displayName;

    private View(Builder<T> b) {
        this.name = b.name;
        this.type = b.type;
        this.description = b.description;
        this.sections = List.copyOf(b.sections);
        Map<String, List<List<String>>> fields = new LinkedHashMap<>();
        b.fieldSections.forEach((f, s) -> fields.put(f, List.copyOf(s)));
        this.fieldSections = java.util.Collections.unmodifiableMap(fields);
        this.lazy = b.lazy;
        this.derive = Objects.requireNonNull(b.derive, "derive");
        this.key = Objects.requireNonNull(b.key, "key");
        this.displayName = Objects.requireNonNull(b.displayName, "displayName");
    }

    /** Starts the declaration of the view {@code name} whose elements are {@code type} records. */
    public static <T> Builder<T> of(String name, Class<T> type, String description) {
        return new Builder<>(name, type, description);
    }

    /** The CEL variable name, e.g. {@code idcUsers}. */
    public String name() { return name; }
    /** The record type of one element (a record of {@link dev.idaudit.model.Views}). */
    public Class<T> type() { return type; }
    public String description() { return description; }
    /** What listing the view reads: each entry is a list of alternatives. */
    public List<List<String>> sections() { return sections; }
    /** What reading a field adds to {@link #sections()}, by field name; a field not listed adds nothing. */
    public Map<String, List<List<String>>> fieldSections() { return fieldSections; }
    /** Computed on first use instead of when the model is built (large, and read by few). */
    public boolean lazy() { return lazy; }
    /** The stable identity of an element, the same wherever the entity is named. */
    public String key(T element) { return key.apply(element); }
    /** What a person reads as the element's name. */
    public String displayName(T element) { return displayName.apply(element); }

    /** Derives the view; only the registry calls this (once per model). */
    public List<T> derive(ViewContext context) {
        return List.copyOf(derive.apply(context));
    }

    /** The sections reading these fields of an element needs: the listing's and each field's. */
    public List<List<String>> sectionsReading(Set<String> fields) {
        List<List<String>> out = new ArrayList<>(sections);
        fields.stream().sorted().forEach(f -> fieldSections.getOrDefault(f, List.of()).stream()
                .filter(s -> !out.contains(s)).forEach(out::add));
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "view " + name;
    }

    /** Collects a declaration; {@link #build()} checks that every field named exists on the record. */
    public static final class Builder<T> {
        private final String name;
        private final Class<T> type;
        private final String description;
        private final List<List<String>> sections = new ArrayList<>();
        private final Map<String, List<List<String>>> fieldSections = new LinkedHashMap<>();
        private boolean lazy;
        private Function<ViewContext, List<T>> derive;
        private Function<T, String> key;
        private Function<T, String> displayName;

        private Builder(String name, Class<T> type, String description) {
            this.name = name;
            this.type = type;
            this.description = description;
        }

        /** The sections the listing itself reads, each required. */
        public Builder<T> reads(String... sections) {
            Arrays.stream(sections).map(View::section).map(List::of).forEach(this.sections::add);
            return this;
        }

        /** What the named fields read beyond the listing, each section required. */
        public Builder<T> field(List<String> sections, String... fields) {
            for (String f : fields) {
                List<List<String>> list = fieldSections.computeIfAbsent(f, k -> new ArrayList<>());
                sections.stream().map(View::section).map(List::of).filter(s -> !list.contains(s)).forEach(list::add);
            }
            return this;
        }

        /** What the named fields read beyond the listing when any one of {@code alternatives} is enough. */
        public Builder<T> fieldAnyOf(List<String> alternatives, String... fields) {
            List<String> alts = alternatives.stream().map(View::section).toList();
            for (String f : fields) {
                fieldSections.computeIfAbsent(f, k -> new ArrayList<>()).add(alts);
            }
            return this;
        }

        public Builder<T> lazy() {
            this.lazy = true;
            return this;
        }

        public Builder<T> derive(Function<ViewContext, List<T>> derive) {
            this.derive = derive;
            return this;
        }

        public Builder<T> key(Function<T, String> key) {
            this.key = key;
            return this;
        }

        public Builder<T> displayName(Function<T, String> displayName) {
            this.displayName = displayName;
            return this;
        }

        public View<T> build() {
            Set<String> components = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
            for (String f : fieldSections.keySet()) {
                if (!components.contains(f)) {
                    throw new IllegalStateException(name + ": " + type.getSimpleName() + " has no field " + f);
                }
            }
            return new View<>(this);
        }
    }

    private static String section(String s) {
        if (!Sections.ALL.contains(s)) {
            throw new IllegalStateException("unknown snapshot section " + s);
        }
        return s;
    }
}
