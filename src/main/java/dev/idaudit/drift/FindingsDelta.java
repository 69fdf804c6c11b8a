package dev.idaudit.drift;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the findings moved between two runs, keyed by rule id + resource id (+ the resource's
 * account, so that the same role name in two accounts stays two findings).
 *
 * <ul>
 *   <li>{@code newFailures}: FAIL now, and not FAIL or WAIVED before</li>
 *   <li>{@code resolved}: FAIL or WAIVED before, PASS now or the resource is gone</li>
 *   <li>{@code stillFailing}: FAIL both times</li>
 *   <li>{@code newlyWaived}: WAIVED now, not WAIVED before</li>
 *   <li>{@code waiverExpired}: WAIVED before (or never seen), FAIL now with an expired waiver</li>
 *   <li>{@code noLongerEvaluated}: FAIL or WAIVED before, NOT_EVALUATED or ERROR now: missing
 *       data is never a resolution</li>
 * </ul>
 */
public record FindingsDelta(
        List<FindingChange> newFailures,
        List<FindingChange> resolved,
        List<FindingChange> stillFailing,
        List<FindingChange> newlyWaived,
        List<FindingChange> waiverExpired,
        List<FindingChange> noLongerEvaluated) {

    public FindingsDelta {
        newFailures = List.copyOf(newFailures);
        resolved = List.copyOf(resolved);
        stillFailing = List.copyOf(stillFailing);
        newlyWaived = List.copyOf(newlyWaived);
        waiverExpired = List.copyOf(waiverExpired);
        noLongerEvaluated = List.copyOf(noLongerEvaluated);
    }

    /** One finding across the two runs; {@code before} or {@code after} is null when absent in that run. */
    public record FindingChange(String ruleId, Finding.Resource resource, Finding before, Finding after) {}

    /** True when no finding moved (findings that stay failing are not a change). */
    @JsonIgnore
    public boolean isEmpty() {
        return newFailures.isEmpty() && resolved.isEmpty() && newlyWaived.isEmpty() && waiverExpired.isEmpty()
                && noLongerEvaluated.isEmpty();
    }

    public static FindingsDelta compare(List<Finding> before, List<Finding> after) {
        Map<String, Finding> old = byKey(before);
        Map<String, Finding> now = byKey(after);
        List<FindingChange> newFailures = new ArrayList<>();
        List<FindingChange> resolved = new ArrayList<>();
        List<FindingChange> stillFailing = new ArrayList<>();
        List<FindingChange> newlyWaived = new ArrayList<>();
        List<FindingChange> waiverExpired = new ArrayList<>();
        List<FindingChange> noLongerEvaluated = new ArrayList<>();

        List<String> keys = new ArrayList<>(now.keySet());
        old.keySet().stream().filter(k -> !now.containsKey(k)).forEach(keys::add);
        keys.sort(Comparator.naturalOrder());
        for (String key : keys) {
            Finding b = old.get(key);
            Finding a = now.get(key);
            Status was = b == null ? null : b.status();
            Status is = a == null ? null : a.status();
            boolean wasOpen = was == Status.FAIL || was == Status.WAIVED;
            Finding any = a != null ? a : b;
            FindingChange change = new FindingChange(any.ruleId(), any.resource(), b, a);
            if (is == Status.FAIL) {
                boolean expired = a.waiver() != null && a.waiver().expired();
                if (was == Status.FAIL) {
                    stillFailing.add(change);
                } else if (expired && (was == Status.WAIVED || was == null)) {
                    waiverExpired.add(change);
                } else {
                    // Includes a WAIVED finding whose waiver was removed or stopped matching.
                    newFailures.add(change);
                }
            } else if (is == Status.WAIVED) {
                if (was != Status.WAIVED) {
                    newlyWaived.add(change);
                }
            } else if (wasOpen && (is == null || is == Status.PASS)) {
                resolved.add(change);
            } else if (wasOpen) {
                noLongerEvaluated.add(change);
            }
        }
        return new FindingsDelta(newFailures, resolved, stillFailing, newlyWaived, waiverExpired, noLongerEvaluated);
    }

    private static Map<String, Finding> byKey(List<Finding> findings) {
        Map<String, Finding> map = new LinkedHashMap<>();
        for (Finding f : findings) {
            map.putIfAbsent(key(f), f);
        }
        return map;
    }

    static String key(Finding f) {
        Finding.Resource r = f.resource();
        String resource = r == null ? "" : Objects.requireNonNullElse(r.id(), "") + "@" + Objects.requireNonNullElse(r.accountId(), "");
        return f.ruleId() + "\u0000" + resource;
    }
}
