package dev.idaudit.collect;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: one line per source at most every {@code interval}, and a last line
 * when the source is done, e.g. {@code aws: 412 calls, 3,050 assignments, 250 users, 14.2 s}.
 * A long collection (300 accounts, 20,000 users) shows it is alive without flooding the log.
 */
public final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long start;
    private final Map<String, Counter> sources = new ConcurrentHashMap<>();

    private static final class Counter {
        final AtomicLong calls = new AtomicLong();
        final Map<String, AtomicLong> items = new ConcurrentHashMap<>();
        volatile long lastPrinted;
    }

    public ConsoleProgress(PrintWriter err) {
        this(err, Duration.ofSeconds(2), System::nanoTime);
    }

    ConsoleProgress(PrintWriter err, Duration interval, LongSupplier clock) {
        this.err = err;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    @Override
    public void call(String source) {
        Counter c = counter(source);
        c.calls.incrementAndGet();
        maybePrint(source, c);
    }

    @Override
    public void items(String source, String kind, int count) {
        Counter c = counter(source);
        c.items.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(count);
        maybePrint(source, c);
    }

    @Override
    public void done(String source) {
        Counter c = counter(source);
        print(source, c, "done");
    }

    private Counter counter(String source) {
        return sources.computeIfAbsent(source, s -> {
            Counter c = new Counter();
            c.lastPrinted = clock.getAsLong();
            return c;
        });
    }

    private void maybePrint(String source, Counter c) {
        long now = clock.getAsLong();
        if (now - c.lastPrinted >= intervalNanos) {
            synchronized (c) {
                if (now - c.lastPrinted >= intervalNanos) {
                    c.lastPrinted = now;
                    print(source, c, null);
                }
            }
        }
    }

    private void print(String source, Counter c, String state) {
        StringBuilder line = new StringBuilder(source).append(": ").append(String.format("%,d", c.calls.get())).append(" calls");
        new TreeMap<>(c.items).forEach((kind, n) -> line.append(", ").append(String.format("%,d", n.get())).append(' ').append(kind));
        line.append(String.format(", %.1f s", (clock.getAsLong() - start) / 1e9));
        if (state != null) {
            line.append(" (").append(state).append(')');
        }
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
