package dev.idaudit.snapshot;

import java.util.List;
import java.util.Map;

/** Null-tolerant copies for record constructors: a missing list reads as empty, never null. */
public final class Lists {
    private Lists() {}

    public static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    public static <K, V> Map<K, V> copy(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
