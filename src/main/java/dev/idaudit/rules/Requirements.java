package dev.idaudit.rules;

import dev.idaudit.model.AuditModel;
import dev.idaudit.model.view.View;
import dev.idaudit.util.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule's requirements, derived from what its expressions read: each model variable it names
 * brings the sections its view's listing reads, each field it selects the sections that field
 * adds (see {@link View}). A hand-written {@code requires} may add to that (an extra section, or
 * alternatives the derivation cannot know of) but may not leave out what the expressions read:
 * that is a load error naming the file and line.
 *
 * <p>An entry is a list of alternatives: the data is missing when every alternative has a
 * collection issue (see {@link Coverage}). An issue on a section also concerns the sections
 * below it, so requiring {@code okta.awsApps.users} already covers {@code okta.awsApps}.
 */
final class Requirements {
    private Requirements() {}

    private static final Map<String, View<?>> VIEW_BY_TYPE = AuditModel.VIEWS.stream()
            .collect(Collectors.toUnmodifiableMap(v -> v.type().getCanonicalName(), v -> v));

    /** The derived requirements, each with what read it (e.g. {@code idcUsers.oktaLogin}), in the order found. */
    static Map<List<String>, String> derive(Reads reads) {
        Map<List<String>, String> out = new LinkedHashMap<>();
        List<View<?>> views = reads.variables().stream().sorted().map(AuditModel::view).filter(Objects::nonNull)
                .collect(Collectors.toList());
        for (View<?> v : views) {
            v.sections().forEach(s -> out.putIfAbsent(s, v.name()));
        }
        reads.fields().forEach((type, fields) -> {
            View<?> v = VIEW_BY_TYPE.get(type);
            if (v != null) {
                v.sections().forEach(s -> out.putIfAbsent(s, v.name()));
                fields.stream().sorted().forEach(f -> v.fieldSections().getOrDefault(f, List.of())
                        .forEach(s -> out.putIfAbsent(s, v.name() + "." + f)));
            }
        });
        // a field of a dyn value may come from any view the rule reads
        for (String f : reads.dynFields().stream().sorted().toList()) {
            for (View<?> v : views) {
                v.fieldSections().getOrDefault(f, List.of()).forEach(s -> out.putIfAbsent(s, v.name() + "." + f));
            }
        }
        return out;
    }

    /**
     * The requirements a rule is checked with: the derived ones plus what {@code declared} adds.
     * A declared {@code anyOf} stands in for a derived entry whose sections are all among its
     * alternatives (the rule reads the one only when the other is missing, which the derivation
     * cannot see). Fails when {@code declared} (not empty) leaves out any other derived entry.
     */
    static List<List<String>> effective(List<List<String>> declared, Reads reads, String file, int line) {
        Map<List<String>, String> derived = derive(reads);
        List<List<String>> all = new ArrayList<>(declared);
        List<String> missing = new ArrayList<>();
        derived.forEach((entry, readBy) -> {
            if (declared.stream().anyMatch(d -> d.size() > 1 && d.containsAll(entry))) {
                return;
            }
            if (!declared.isEmpty() && !coveredBy(declared, entry)) {
                missing.add(describe(entry) + " (read by " + readBy + ")");
            }
            all.add(entry);
        });
        if (!missing.isEmpty()) {
            throw new BadInputException(file + ":" + line + ": requires leaves out " + String.join(", ", missing)
                    + ", which the rule's expressions read; remove requires (it is derived) or add them");
        }
        return normalize(all);
    }

    /**
     * Without duplicates and without entries another entry already covers, sorted: the shortest
     * list that makes a rule NOT_EVALUATED on exactly the same collection issues.
     */
    static List<List<String>> normalize(List<List<String>> requirements) {
        List<List<String>> out = new ArrayList<>();
        requirements.stream().map(alts -> alts.stream().distinct().sorted().toList()).distinct().forEach(out::add);
        for (int i = out.size() - 1; i >= 0; i--) {
            List<String> e = out.get(i);
            List<List<String>> others = new ArrayList<>(out);
            others.remove(i);
            if (coveredBy(others, e)) {
                out.remove(i);
            }
        }
        out.sort(Comparator.comparing((List<String> alts) -> alts.size() > 1).thenComparing(alts -> String.join(",", alts)));
        return List.copyOf(out);
    }

    /**
     * Whether {@code entries} make a rule NOT_EVALUATED whenever {@code e} would: some entry whose
     * every alternative is {@code e}'s alternative or below one (an issue on a section concerns the
     * sections below it).
     */
    static boolean coveredBy(List<List<String>> entries, List<String> e) {
        return entries.stream().anyMatch(f -> f.stream().allMatch(s -> e.stream().anyMatch(x -> Coverage.affects(x, s))));
    }

    static String describe(List<String> alternatives) {
        return alternatives.size() == 1 ? alternatives.get(0) : "anyOf " + alternatives;
    }

    /** For tests and docs: the sections named by these requirements and every section above them. */
    static Set<String> withParents(List<List<String>> requirements) {
        return requirements.stream().flatMap(List::stream).flatMap(s -> {
            String[] parts = s.split("\\.");
            return java.util.stream.IntStream.rangeClosed(1, parts.length)
                    .mapToObj(n -> String.join(".", Arrays.copyOf(parts, n)));
        }).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
