package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accepted risks (waivers.yaml): a FAIL of {@code rule} on a resource whose id equals
 * {@code resource} (or matches it as a glob) becomes WAIVED until {@code expires}. An expired
 * waiver leaves the FAIL and says so; a waiver that matches no FAIL is reported as stale.
 *
 * <p>Permission-set findings are keyed by the permission set's ARN since rule pack 1.1 (1.0 keyed
 * them by name). A waiver whose {@code resource} is the name (or a glob of names) still matches,
 * with a warning that names the ARN to write instead; this is deprecated and will stop in rule
 * pack 2.0 (see docs/check.md, "Waivers").
 *
 * <pre>
 * waivers:
 *   - rule: idc_permission_set_in_use
 *     resource: "arn:aws:sso:::permissionSet/ssoins-*&#47;ps-0123"
 *     reason: Kept for the yearly DR exercise
 *     owner: secops@example.com
 *     ticket: SEC-123
 *     expires: 2027-03-31        # required, at most 365 days ahead
 * </pre>
 */
public final class Waivers {
    /** The longest a waiver may run: a year, so every accepted risk is looked at again. */
    public static final int MAX_DAYS = 365;

    private final List<Waiver> waivers;

    private Waivers(List<Waiver> waivers) {
        this.waivers = List.copyOf(waivers);
    }

    public static final Waivers NONE = new Waivers(List.of());

    /** One waiver; {@code where} is file:line for messages. */
    public record Waiver(String rule, String resource, String reason, String owner, String ticket, LocalDate expires, String where) {
        boolean matches(Finding f) {
            String id = f.resource() == null ? null : f.resource().id();
            return rule.equals(f.ruleId()) && id != null && (covers(id) || matchesByName(f));
        }

        /**
         * True when this waiver matches {@code f} by the name its resource was keyed by before
         * ({@link Finding.Resource#KEYED_BY_NAME_BEFORE}), not by its id: deprecated.
         */
        boolean matchesByName(Finding f) {
            Finding.Resource r = f.resource();
            return r != null && rule.equals(f.ruleId()) && Finding.Resource.KEYED_BY_NAME_BEFORE.contains(r.type()) && r.name() != null
                    && !(r.id() != null && covers(r.id())) && covers(r.name());
        }

        private boolean covers(String value) {
            return resource.equals(value) || (Glob.isPattern(resource) && Glob.matches(resource, value));
        }

        boolean expiredOn(LocalDate today) {
            return expires.isBefore(today);
        }

        Finding.WaiverRef ref(LocalDate today) {
            return new Finding.WaiverRef(reason, owner, ticket, expires.toString(), expiredOn(today));
        }
    }

    /** A waiver that matched no failing finding: the problem is gone (or the waiver is wrong) and it should be removed. */
    public record StaleWaiver(String rule, String resource, String owner, String ticket, String expires, String where, String why) {}

    /**
     * The findings with waivers applied, the waivers that matched nothing, and a warning for each
     * waiver that matched a finding by its former key (its name) rather than its id.
     */
    public record Applied(List<Finding> findings, List<StaleWaiver> stale, List<String> warnings) {}

    public List<Waiver> list() {
        return waivers;
    }

    private record FileShape(List<Entry> waivers) {}

    private record Entry(String rule, String resource, String reason, String owner, String ticket, LocalDate expires) {}

    /**
     * Reads a waivers file; each waiver needs every field, and an {@code expires} no more than
     * {@link #MAX_DAYS} after {@code today}. Errors name the file and line.
     */
    public static Waivers read(Path file, LocalDate today) {
        String text = TextFiles.read(file, file.toString(), "waivers file");
        return parse(text, file.toString(), today);
    }

    public static Waivers parse(String text, String file, LocalDate today) {
        FileShape shape;
        try {
            shape = Json.yaml().readValue(text, FileShape.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ":" + Rule.line(e) + ": not a valid waivers file: " + e.getOriginalMessage()
                    + " (expected waivers: [{rule, resource, reason, owner, ticket, expires: YYYY-MM-DD}])", e);
        }
        if (shape == null || shape.waivers() == null) {
            return NONE;
        }
        SourceLines lines = SourceLines.of(text);
        List<Waiver> out = new ArrayList<>();
        for (int i = 0; i < shape.waivers().size(); i++) {
            Entry e = shape.waivers().get(i);
            String where = file + ":" + lines.line("/waivers/" + i);
            if (e == null) {
                throw new BadInputException(where + ": empty waiver");
            }
            requireField(e.rule(), "rule", where);
            requireField(e.resource(), "resource", where);
            requireField(e.reason(), "reason", where);
            requireField(e.owner(), "owner", where);
            requireField(e.ticket(), "ticket", where);
            if (e.expires() == null) {
                throw new BadInputException(where + ": waiver for " + e.rule() + " needs expires (YYYY-MM-DD, at most "
                        + MAX_DAYS + " days ahead)");
            }
            if (e.expires().isAfter(today.plusDays(MAX_DAYS))) {
                throw new BadInputException(file + ":" + lines.line("/waivers/" + i + "/expires") + ": waiver for " + e.rule()
                        + " expires " + e.expires() + ", more than " + MAX_DAYS + " days ahead (latest " + today.plusDays(MAX_DAYS) + ")");
            }
            out.add(new Waiver(e.rule(), e.resource(), e.reason().strip(), e.owner(), e.ticket(), e.expires(), where));
        }
        return new Waivers(out);
    }

    private static void requireField(String value, String field, String where) {
        if (value == null || value.isBlank()) {
            throw new BadInputException(where + ": waiver needs " + field);
        }
    }

    /** Rejects waivers for rules the pack does not have (a typo would silently waive nothing). */
    public void validate(RulePack pack) {
        for (Waiver w : waivers) {
            if (pack.rule(w.rule()).isEmpty()) {
                throw new BadInputException(w.where() + ": waiver names unknown rule '" + w.rule() + "'");
            }
        }
    }

    /** Applies the waivers to FAIL findings as of {@code today}; a live waiver wins over an expired one. */
    public Applied apply(List<Finding> findings, LocalDate today) {
        List<Finding> out = new ArrayList<>(findings.size());
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
        boolean[] used = new boolean[waivers.size()];
        for (Finding f : findings) {
            if (f.status() != Status.FAIL) {
                out.add(f);
                continue;
            }
            Optional<Integer> live = find(f, w -> !w.expiredOn(today));
            Optional<Integer> chosen = live.isPresent() ? live : find(f, w -> true);
            if (chosen.isEmpty()) {
                out.add(f);
                continue;
            }
            used[chosen.get()] = true;
            Waiver w = waivers.get(chosen.get());
            if (w.matchesByName(f)) {
                warnings.add(w.where() + ": waiver for " + w.rule() + " matches '" + f.resource().name() + "' by the permission set's name; "
                        + "findings are keyed by its ARN since rule pack 1.1 and matching by name stops in rule pack 2.0: "
                        + "write resource: \"" + f.resource().id() + "\"");
            }
            if (w.expiredOn(today)) {
                out.add(new Finding(f.ruleId(), f.title(), Status.FAIL, f.severity(), f.resource(),
                        f.reason() + " (waiver " + w.ticket() + " expired on " + w.expires() + ")", f.remediation(), f.frameworks(), w.ref(today)));
            } else {
                out.add(new Finding(f.ruleId(), f.title(), Status.WAIVED, f.severity(), f.resource(), f.reason(), f.remediation(),
                        f.frameworks(), w.ref(today)));
            }
        }
        List<StaleWaiver> stale = new ArrayList<>();
        for (int i = 0; i < waivers.size(); i++) {
            if (!used[i]) {
                Waiver w = waivers.get(i);
                stale.add(new StaleWaiver(w.rule(), w.resource(), w.owner(), w.ticket(), w.expires().toString(), w.where(),
                        "matches no failing finding of " + w.rule() + "; remove it"));
            }
        }
        return new Applied(List.copyOf(out), List.copyOf(stale), List.copyOf(warnings));
    }

    private Optional<Integer> find(Finding f, java.util.function.Predicate<Waiver> ok) {
        for (int i = 0; i < waivers.size(); i++) {
            if (waivers.get(i).matches(f) && ok.test(waivers.get(i))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
