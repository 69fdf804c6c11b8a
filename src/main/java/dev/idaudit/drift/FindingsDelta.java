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
 * account, so that the same role name in two accounts stays two findings). Findings of a
 * resource type whose id changed meaning ({@link Finding.Resource#KEYED_BY_NAME_BEFORE}:
 * permission sets were keyed by name, now by ARN) are matched to the earlier run's key too, so
 * the change of key is not reported as a new failure and a resolution.
 *
 * <ul>
 *   <li>{@code newFailures}: FAIL now, and not FAIL or WAIVED before</li>
 *   <li>{@code resolved}: FAIL or WAIVED before, PASS now or the resource is gone</li>
 *   <li>{@code stillFailing}: FAIL both times</li>
 *   <li>{@code newlyWaived}: WAIVED now, not WAIVED before</li>
 *   <li>{@code waiverExpired}: WAIVED before (or never seen), FAIL now with an expired waiver</li>
 *   <li>{@code noLongerEvaluated}: FAIL or WAIVED before, NOT_EVALUATED or ERROR now: missing
 *       data is never a resolution</li>
 *   <li>{@code notCollected}: FAIL or WAIVED before and absent now, where the new run did not
 *       read the rule's data completely: the rule has a NOT_EVALUATED finding for the whole
 *       snapshot, the finding's account or an app, or failed (ERROR). Unseen is not resolved</li>
 * </ul>
 */
public record FindingsDelta(
        List<FindingChange> newFailures,
        List<FindingChange> resolved,
        List<FindingChange> stillFailing,
        List<FindingChange> newlyWaived,
        List<FindingChange> waiverExpired,
        List<FindingChange> noLongerEvaluated,
        List<FindingChange> notCollected) {

    public FindingsDelta {
        notCollected = List.copyOf(notCollected);
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
                && noLongerEvaluated.isEmpty() && notCollected.isEmpty();
    }

    /** Each finding of {@code after} that was in {@code before}, with its earlier self (same key as {@link #compare}). */
    public static Map<Finding, Finding> pairs(List<Finding> before, List<Finding> after) {
        Map<String, Finding> old = rekeyed(before, after);
        Map<Finding, Finding> out = new java.util.IdentityHashMap<>();
        for (Finding a : after) {
            Finding b = old.get(key(a));
            if (b != null) {
                out.putIfAbsent(a, b);
            }
        }
        return out;
    }

    public static FindingsDelta compare(List<Finding> before, List<Finding> after) {
        Map<String, Finding> old = rekeyed(before, after);
        Map<String, Finding> now = byKey(after);
        List<FindingChange> newFailures = new ArrayList<>();
        List<FindingChange> resolved = new ArrayList<>();
        List<FindingChange> stillFailing = new ArrayList<>();
        List<FindingChange> newlyWaived = new ArrayList<>();
        List<FindingChange> waiverExpired = new ArrayList<>();
        List<FindingChange> noLongerEvaluated = new ArrayList<>();
        List<FindingChange> notCollected = new ArrayList<>();
        Map<String, List<Finding>> gaps = new java.util.HashMap<>();
        after.stream().filter(f -> f.status() == Status.NOT_EVALUATED || f.status() == Status.ERROR)
                .forEach(f -> gaps.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f));

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
            } else if (wasOpen && is == null && unseen(b, gaps.getOrDefault(b.ruleId(), List.of()))) {
                notCollected.add(change);
            } else if (wasOpen && (is == null || is == Status.PASS)) {
                resolved.add(change);
            } else if (wasOpen) {
                noLongerEvaluated.add(change);
            }
        }
        return new FindingsDelta(newFailures, resolved, stillFailing, newlyWaived, waiverExpired, noLongerEvaluated, notCollected);
    }

    /**
     * True when the new run could not have seen {@code before}'s resource: its rule has a finding
     * that stands for a scope it did not evaluate (the rule engine's NOT_EVALUATED findings for
     * the whole snapshot, an account or an app; or the rule's ERROR) and that scope holds the
     * resource. An app's scope is not on a finding's resource, so it holds every finding that
     * is not in an account.
     */
    private static boolean unseen(Finding before, List<Finding> gapsOfItsRule) {
        String account = before.resource() == null ? null : before.resource().accountId();
        for (Finding f : gapsOfItsRule) {
            if (f.resource() == null) {
                continue;
            }
            String type = f.resource().type();
            if (f.status() == Status.ERROR && Finding.Resource.RULE.equals(type)) {
                return true;
            }
            if (f.status() != Status.NOT_EVALUATED) {
                continue;
            }
            if (Finding.Resource.SNAPSHOT.equals(type)
                    || (Finding.Resource.ACCOUNT.equals(type) && Objects.equals(f.resource().accountId(), account))
                    || (Finding.Resource.OKTA_APP.equals(type) && account == null && f.resource().accountId() == null)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Finding> byKey(List<Finding> findings) {
        Map<String, Finding> map = new LinkedHashMap<>();
        for (Finding f : findings) {
            map.putIfAbsent(key(f), f);
        }
        return map;
    }

    /**
     * {@code before} by key, where a finding of a {@link Finding.Resource#KEYED_BY_NAME_BEFORE} type
     * that no finding of {@code after} has the key of, but one has as its name (same rule, type and
     * account), takes that finding's key: the earlier run keyed it by name.
     */
    private static Map<String, Finding> rekeyed(List<Finding> before, List<Finding> after) {
        Map<String, Finding> now = byKey(after);
        Map<String, String> keyByName = new java.util.HashMap<>();
        for (Finding a : after) {
            Finding.Resource r = a.resource();
            if (r != null && r.name() != null && Finding.Resource.KEYED_BY_NAME_BEFORE.contains(r.type())) {
                keyByName.putIfAbsent(nameKey(a.ruleId(), r.type(), r.name(), r.accountId()), key(a));
            }
        }
        Map<String, Finding> map = new LinkedHashMap<>();
        for (Finding b : before) {
            String k = key(b);
            Finding.Resource r = b.resource();
            if (!now.containsKey(k) && r != null && r.id() != null && Finding.Resource.KEYED_BY_NAME_BEFORE.contains(r.type())) {
                k = keyByName.getOrDefault(nameKey(b.ruleId(), r.type(), r.id(), r.accountId()), k);
            }
            map.putIfAbsent(k, b);
        }
        return map;
    }

    private static String nameKey(String rule, String type, String name, String account) {
        return rule + "\u0000" + type + "\u0000" + name + "@" + Objects.requireNonNullElse(account, "");
    }

    static String key(Finding f) {
        Finding.Resource r = f.resource();
        String resource = r == null ? "" : Objects.requireNonNullElse(r.id(), "") + "@" + Objects.requireNonNullElse(r.accountId(), "");
        return f.ruleId() + "\u0000" + resource;
    }
}
