package dev.idaudit.rules;

import dev.idaudit.util.BadInputException;
import dev.idaudit.util.YamlFile;
import java.io.StringReader;
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
 *
 * <p>A waiver whose resource matches every resource ({@code "*"}, {@code "**"}, ...) of a critical
 * or high rule hides every failure of that rule, so it needs {@code acknowledgeAllResources: true};
 * the reports list such waivers first.
 */
public final class Waivers {
    /** The longest a waiver may run: a year, so every accepted risk is looked at again. */
    public static final int MAX_DAYS = 365;

    private final List<Waiver> waivers;

    private Waivers(List<Waiver> waivers) {
        this.waivers = List.copyOf(waivers);
    }

    public static final Waivers NONE = new Waivers(List.of());

    /** The field that acknowledges a waiver covering every resource of its rule. */
    public static final String ACKNOWLEDGE_ALL = "acknowledgeAllResources";

    /**
     * One waiver; {@code where} is file:line for messages; {@code acknowledgeAllResources} is the
     * written acknowledgement that it may cover every resource of its rule.
     */
    public record Waiver(String rule, String resource, String reason, String owner, String ticket, LocalDate expires, String where,
            boolean acknowledgeAllResources) {
        /**
         * True when the resource glob matches every resource id: only {@code *} (and at most one
         * {@code ?}, which every non-empty id satisfies) and at least one {@code *}.
         */
        public boolean matchesAllResources() {
            String rest = resource.replace("*", "");
            return resource.indexOf('*') >= 0 && (rest.isEmpty() || rest.equals("?"));
        }

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

    /** The fields a waiver may have; anything else is a typo refused at its line. */
    private static final java.util.Set<String> FIELDS = java.util.Set.of("rule", "resource", "reason", "owner", "ticket", "expires",
            ACKNOWLEDGE_ALL);

    /**
     * Reads a waivers file; each waiver needs every field, and an {@code expires} no more than
     * {@link #MAX_DAYS} after {@code today}. Errors name the file and line.
     */
    public static Waivers read(Path file, LocalDate today) {
        String text = TextFiles.read(file, file.toString(), "waivers file");
        return parse(text, file.toString(), today);
    }

    /**
     * Parses through the strict reader ({@link YamlFile}): unknown keys, anchors/aliases and type
     * tags are refused at their line.
     */
    public static Waivers parse(String text, String file, LocalDate today) {
        YamlFile.Entry root = YamlFile.parse(new StringReader(text), file);
        YamlFile.Entry list = root.mapping(java.util.Set.of("waivers")).get("waivers");
        if (list == null || list.isNull()) {
            return NONE;
        }
        List<Waiver> out = new ArrayList<>();
        for (YamlFile.Entry item : list.list()) {
            String where = item.location();
            if (item.isNull()) {
                throw new BadInputException(where + ": empty waiver");
            }
            java.util.Map<String, YamlFile.Entry> e = item.mapping(FIELDS);
            String rule = requireField(e, "rule", where);
            String resource = requireField(e, "resource", where);
            String reason = requireField(e, "reason", where);
            String owner = requireField(e, "owner", where);
            String ticket = requireField(e, "ticket", where);
            YamlFile.Entry exp = e.get("expires");
            if (exp == null || exp.isNull()) {
                throw new BadInputException(where + ": waiver for " + rule + " needs expires (YYYY-MM-DD, at most "
                        + MAX_DAYS + " days ahead)");
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(exp.text().trim());
            } catch (java.time.format.DateTimeParseException x) {
                throw exp.error("expected a date YYYY-MM-DD, got '" + exp.text() + "'");
            }
            if (expires.isAfter(today.plusDays(MAX_DAYS))) {
                throw new BadInputException(exp.location() + ": waiver for " + rule
                        + " expires " + expires + ", more than " + MAX_DAYS + " days ahead (latest " + today.plusDays(MAX_DAYS) + ")");
            }
            YamlFile.Entry ack = e.get(ACKNOWLEDGE_ALL);
            out.add(new Waiver(rule, resource, reason.strip(), owner, ticket, expires, where, ack != null && !ack.isNull() && ack.bool()));
        }
        return new Waivers(out);
    }

    private static String requireField(java.util.Map<String, YamlFile.Entry> e, String field, String where) {
        YamlFile.Entry v = e.get(field);
        String value = v == null || v.isNull() ? null : v.text();
        if (value == null || value.isBlank()) {
            throw new BadInputException(where + ": waiver needs " + field);
        }
        return value;
    }

    /**
     * Rejects waivers for rules the pack does not have (a typo would silently waive nothing), and
     * a waiver covering every resource of a critical or high rule without {@value #ACKNOWLEDGE_ALL}.
     */
    public void validate(RulePack pack) {
        validate(pack, Rule::severity);
    }

    /** As {@link #validate(RulePack)}, with the more severe of the pack's and {@code settings}' severity of each rule. */
    public void validate(RulePack pack, java.util.function.Function<Rule, Severity> settings) {
        for (Waiver w : waivers) {
            Optional<Rule> rule = pack.rule(w.rule());
            if (rule.isEmpty()) {
                throw new BadInputException(w.where() + ": waiver names unknown rule '" + w.rule() + "'");
            }
            Severity configured = settings.apply(rule.get());
            Severity severity = configured != null && configured.ordinal() < rule.get().severity().ordinal() ? configured : rule.get().severity();
            if (w.matchesAllResources() && !w.acknowledgeAllResources() && severity.atLeast(Severity.HIGH)) {
                throw new BadInputException(w.where() + ": waiver for " + w.rule() + " (" + severity.lower()
                        + ") has resource \"" + w.resource() + "\", which matches every resource and hides every failure of the rule; "
                        + "name the resources it accepts, or add " + ACKNOWLEDGE_ALL + ": true to the waiver to accept them all");
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
