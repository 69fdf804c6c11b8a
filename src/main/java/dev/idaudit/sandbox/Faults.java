package dev.idaudit.sandbox;

import dev.idaudit.sandbox.Traffic.Fault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The faults of a scenario while an emulator runs: which call each one spoils next, and a log
 * of every call it spoiled, so a test can check that each one was retried or reported.
 */
public final class Faults {
    /**
     * One spoiled call: the fault, the operation (AWS) or path (Okta), the account it was
     * answered for, and when it was spoiled (just before its answer, if any, was sent).
     */
    public record Fired(Fault fault, String operation, String account, Instant at) {}

    private record Armed(Fault fault, Pattern operation, AtomicInteger remaining) {}

    private final List<Armed> armed = new ArrayList<>();
    private final List<Fired> fired = new ArrayList<>();

    public Faults(Traffic traffic, String side) {
        for (Fault f : traffic.faults()) {
            if (f.side().equals(side)) {
                Pattern op = f.operation().equals("*") ? Pattern.compile(".*") : Pattern.compile(f.operation());
                armed.add(new Armed(f, op, new AtomicInteger(f.times())));
            }
        }
    }

    /**
     * The fault that spoils this call, if one is armed for it (and counts it as used). A repeated
     * cursor only spoils a call that came with a cursor.
     */
    public synchronized Optional<Fault> take(String operation, String account, boolean hasCursor) {
        for (Armed a : armed) {
            if (a.fault().kind() == Traffic.FaultKind.REPEAT_CURSOR && !hasCursor) {
                continue;
            }
            if (!a.operation().matcher(operation).matches()) {
                continue;
            }
            if (a.fault().account() != null && !a.fault().account().equals(account)) {
                continue;
            }
            if (a.remaining().get() == 0) {
                continue;
            }
            if (a.remaining().get() > 0) {
                a.remaining().decrementAndGet();
            }
            fired.add(new Fired(a.fault(), operation, account, Instant.now()));
            return Optional.of(a.fault());
        }
        return Optional.empty();
    }

    /** Every call a fault spoiled so far. */
    public synchronized List<Fired> fired() {
        return List.copyOf(fired);
    }

    /** Holds the current thread for {@code delay} (latency, a slow or timed-out answer). */
    public static void hold(java.time.Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
