package dev.idaudit.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One field that differs. In a snapshot diff {@code before}/{@code after} are the old and new
 * snapshot; in a drift report they are the desired and the actual value.
 *
 * @param lines a line diff of before → after for multi-line fields (policies, member lists);
 *     empty for single values
 */
public record FieldDiff(String field, String before, String after, List<DiffLine> lines) {

    public FieldDiff {
        lines = List.copyOf(lines);
    }

    /**
     * The fields whose values differ, in the order of {@code after}'s properties then any only in
     * {@code before}.
     *
     * @param declaredOnly when true, a property whose {@code before} value is null is not
     *     compared (a desired state that does not declare a field accepts any value)
     */
    static List<FieldDiff> between(List<Property> before, List<Property> after, boolean declaredOnly) {
        Map<String, Property> old = new LinkedHashMap<>();
        before.forEach(p -> old.put(p.name(), p));
        Map<String, Property> now = new LinkedHashMap<>();
        after.forEach(p -> now.put(p.name(), p));
        List<String> names = new ArrayList<>(now.keySet());
        old.keySet().stream().filter(n -> !now.containsKey(n)).forEach(names::add);

        List<FieldDiff> out = new ArrayList<>();
        for (String name : names) {
            Property b = old.get(name);
            Property a = now.get(name);
            String bv = b == null ? null : b.value();
            String av = a == null ? null : a.value();
            if (declaredOnly && (b == null || bv == null)) {
                continue;
            }
            if (Objects.equals(bv, av)) {
                continue;
            }
            boolean multiline = (b != null && b.multiline()) || (a != null && a.multiline());
            out.add(new FieldDiff(name, bv, av, multiline ? LineDiff.diff(bv, av) : List.of()));
        }
        return List.copyOf(out);
    }
}
