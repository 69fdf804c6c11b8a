package dev.idaudit.testing;

import dev.idaudit.collect.Progress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Progress} that remembers what it was told, per source and per (source, kind). */
public final class RecordingProgress implements Progress {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> items = new ConcurrentHashMap<>();
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    @Override
    public void call(String source) {
        calls.computeIfAbsent(source, s -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void items(String source, String kind, int count) {
        items.computeIfAbsent(source + "/" + kind, s -> new AtomicInteger()).addAndGet(count);
    }

    @Override
    public void done(String source) {
        done.add(source);
    }

    public int calls(String source) {
        AtomicInteger n = calls.get(source);
        return n == null ? 0 : n.get();
    }

    public int items(String source, String kind) {
        AtomicInteger n = items.get(source + "/" + kind);
        return n == null ? 0 : n.get();
    }

    public boolean isDone(String source) {
        return done.contains(source);
    }
}
