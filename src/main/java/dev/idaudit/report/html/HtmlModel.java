package dev.idaudit.report.html;

import static dev.idaudit.report.Text.orEmpty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.report.FindingKey;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInputs;
import dev.idaudit.report.ReportInput.AccessRow;
import dev.idaudit.report.ReportInput.ChangeRow;
import dev.idaudit.report.ReportInput.ChangeType;
import dev.idaudit.report.Incompleteness;
import dev.idaudit.report.ReportInput.EvidenceFile;
import dev.idaudit.report.ReportInput.ReconciliationRow;
import dev.idaudit.report.ReportInput.RuleInfo;
import dev.idaudit.report.ReportInput.RunInfo;
import dev.idaudit.report.ReportInput.Side;
import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.report.ReportSummary;
import dev.idaudit.report.ReportSummary.FrameworkCoverage;
import dev.idaudit.report.ReportSummary.RuleSummary;
import dev.idaudit.report.Frameworks;
import dev.idaudit.report.Themes;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Status;
import dev.idaudit.snapshot.CollectionIssue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What report.ftlh sees, as {@code r}: every number and label precomputed, so templates only
 * lay out. Lists that can be huge (access matrix, changes) are cut at {@link #TABLE_LIMIT}
 * rows with the total shown; the workbook has them in full.
 */
public record HtmlModel(
        RunInfo run,
        String duration,
        ReportSummary summary,
        List<Count> statusCounts,
        List<Count> severityCounts,
        List<ChartSegment> statusChart,
        List<FrameworkView> frameworks,
        List<RuleView> rules,
        Table<AccessRow> accessMatrix,
        Table<ReconciliationRow> reconciliation,
        int reconciliationMatched,
        int oktaOnly,
        int awsOnly,
        List<WaiverInfo> waivers,
        List<CollectionIssue> collectionIssues,
        List<EvidenceFile> evidence,
        Table<ChangeRow> changes,
        int changesAdded,
        int changesRemoved,
        int changesChanged,
        int changesNotCollected,
        Incompleteness incompleteness,
        List<ThemeView> themes,
        Affected affected,
        String findingsJson,
        String styles,
        String script,
        String contentSecurityPolicy) {

    /** Rows shown in a server-rendered table before it says "first N of M". */
    public static final int TABLE_LIMIT = 5000;

    /** A label, a CSS class and a number. */
    public record Count(String label, String css, int count, int percentOfMax) {}

    /**
     * One slice of the status donut: an SVG circle of circumference 100 drawn with
     * stroke-dasharray {@code percent (100 - percent)}, rotated by {@code offset}.
     */
    public record ChartSegment(String label, String css, int count, double percent, double offset) {}

    /**
     * @param helpUri the rule's page under the documentation address ({@code report.docsUrl}) when one is set and it is
     *     an http(s) URL, else null (no javascript: links): without it the report links nowhere outside itself
     */
    public record RuleView(RuleSummary summary, String severity, String status, List<String> frameworks, String helpUri) {}

    /**
     * A framework as the summary shows it: its coverage ({@link FrameworkCoverage}) with its
     * version and its requirements' titles, requirements in natural order (1.4 before 1.10).
     *
     * @param version null when unknown (a framework no framework file describes)
     */
    public record FrameworkView(String name, String version, int requirements, int requirementsEvaluated,
                                int requirementsPassing, List<RequirementView> details) {
        public int coveragePercent() {
            return requirements == 0 ? 0 : Math.round(100f * requirementsEvaluated / requirements);
        }

        public int passingPercent() {
            return requirements == 0 ? 0 : Math.round(100f * requirementsPassing / requirements);
        }
    }

    /** @param title null when unknown */
    public record RequirementView(String requirement, String title, Status status, List<String> ruleIds) {}

    static List<FrameworkView> frameworks(ReportInput input, ReportSummary summary) {
        List<FrameworkView> out = new ArrayList<>();
        Map<String, FrameworkCoverage> coverage = new HashMap<>();
        summary.frameworks().forEach(c -> coverage.put(c.key(), c));
        // Every framework file of the pack, covered or not, with its version and titles.
        for (ReportInput.FrameworkInfo fi : input.frameworks()) {
            FrameworkCoverage c = coverage.remove(fi.key());
            Map<String, Status> status = new HashMap<>();
            if (c != null) {
                c.details().forEach(d -> status.put(d.requirement(), d.status()));
            }
            List<RequirementView> details = naturalOrder(fi.requirements().stream()
                    .map(q -> new RequirementView(q.id(), q.title(), status.getOrDefault(q.id(), Status.NOT_EVALUATED), q.rules())));
            out.add(new FrameworkView(fi.name(), fi.version(), details.size(), c == null ? 0 : c.requirementsEvaluated(),
                    c == null ? 0 : c.requirementsPassing(), details));
        }
        // Frameworks the rules name that no framework file describes (a user's own mapping).
        for (FrameworkCoverage c : summary.frameworks()) {
            if (!coverage.containsKey(c.key())) {
                continue;
            }
            List<RequirementView> details = naturalOrder(c.details().stream()
                    .map(d -> new RequirementView(d.requirement(), null, d.status(), d.ruleIds())));
            out.add(new FrameworkView(c.name(), null, c.requirements(), c.requirementsEvaluated(), c.requirementsPassing(), details));
        }
        return out;
    }

    private static List<RequirementView> naturalOrder(java.util.stream.Stream<RequirementView> requirements) {
        return requirements.sorted(java.util.Comparator.comparing(RequirementView::requirement, Frameworks.NATURAL)).toList();
    }

    /** A theme of the executive summary and its failing rules, most severe first; only themes with failures. */
    public record ThemeView(String title, String description, int failures, int people, int accounts, List<ThemeRule> rules) {}

    /** A failing rule under its theme. */
    public record ThemeRule(String id, String title, String severity, int failures) {}

    /**
     * Who and what the failures touch, and how they moved since the last run.
     *
     * @param newFailures failures the previous run did not have; null when there was no previous run
     * @param fixed failures of the previous run that now pass; null when there was no previous run
     * @param rulesEvaluated rules whose overall result is PASS, FAIL or WAIVED
     * @param rulesNotEvaluated rules NOT_EVALUATED (data missing) or in ERROR (the rule failed)
     */
    public record Affected(int failures, int people, int accounts, Integer newFailures, Integer fixed, int rulesPassing,
                           int rulesEvaluated, int rulesNotEvaluated) {}

    /** Resource types that are a person: a person's findings are counted as people affected. */
    static final java.util.Set<String> PERSON_TYPES = java.util.Set.of("okta_user", "identity_store_user");

    /** The first rows of a list and how many there are in all. */
    public record Table<T>(List<T> rows, int total) {
        static <T> Table<T> of(List<T> all) {
            return new Table<>(all.size() > TABLE_LIMIT ? List.copyOf(all.subList(0, TABLE_LIMIT)) : all, all.size());
        }

        public boolean truncated() {
            return total > rows.size();
        }
    }

    static HtmlModel of(ReportInput input, String styles, String script) {
        ReportSummary s = ReportSummary.of(input);
        List<Count> statusCounts = new ArrayList<>();
        int maxStatus = 0;
        for (Status st : Status.values()) {
            maxStatus = Math.max(maxStatus, s.count(st));
        }
        for (Status st : List.of(Status.FAIL, Status.PASS, Status.WAIVED, Status.NOT_EVALUATED, Status.ERROR)) {
            statusCounts.add(new Count(label(st), css(st), s.count(st), percent(s.count(st), maxStatus)));
        }
        int maxSev = ReportSummary.SEVERITIES.stream().mapToInt(s::failures).max().orElse(0);
        List<Count> severityCounts = ReportSummary.SEVERITIES.stream()
                .map(sev -> new Count(capitalised(sev.lower()), "sev-" + sev.lower(), s.failures(sev), percent(s.failures(sev), maxSev)))
                .toList();

        List<ChartSegment> chart = new ArrayList<>();
        double offset = 25; // start at 12 o'clock
        for (Count c : statusCounts) {
            if (c.count() == 0 || s.total() == 0) {
                continue;
            }
            double pct = 100.0 * c.count() / s.total();
            chart.add(new ChartSegment(c.label(), c.css(), c.count(), round2(pct), round2(offset)));
            offset -= pct;
        }

        List<RuleView> rules = s.rules().stream().map(r -> new RuleView(r,
                r.rule().severity() == null ? "none" : r.rule().severity().lower(), r.overall().name(),
                new TreeMap<>(r.rule().frameworks()).entrySet().stream()
                        .map(e -> Frameworks.displayName(e.getKey()) + ": " + String.join(", ", e.getValue())).toList(),
                webLink(input.ruleDocsUri(r.rule().id()))))
                .toList();

        List<ReconciliationRow> oneSide = input.reconciliation().stream().filter(x -> x.side() != Side.BOTH).toList();
        int matched = input.reconciliation().size() - oneSide.size();
        int oktaOnly = (int) oneSide.stream().filter(x -> x.side() == Side.OKTA_ONLY).count();

        // The findings with their details, built once: a detail made from a bare finding computes its fingerprint.
        List<ReportInput.Explained> explained = input.explained();
        return new HtmlModel(input.run(), duration(input.run()), s, statusCounts, severityCounts, chart, frameworks(input, s), rules,
                Table.of(input.accessMatrix()), Table.of(oneSide), matched, oktaOnly, oneSide.size() - oktaOnly, input.waivers(),
                input.collectionIssues(), input.evidence(), Table.of(input.changes()), countChanges(input, ChangeType.ADDED),
                countChanges(input, ChangeType.REMOVED), countChanges(input, ChangeType.CHANGED),
                countChanges(input, ChangeType.NOT_COLLECTED), Incompleteness.of(input), themes(explained, s), affected(input, explained, s),
                findingsJson(input, explained, s), styles,
                script, contentSecurityPolicy(script));
    }

    /** The themes with failures, in the order of {@link Themes.Theme}; each theme's rules most severe first. */
    static List<ThemeView> themes(List<ReportInput.Explained> explained, ReportSummary summary) {
        Map<Themes.Theme, List<ReportInput.Explained>> failing = new java.util.EnumMap<>(Themes.Theme.class);
        for (ReportInput.Explained e : explained) {
            if (e.finding().status() == Status.FAIL) {
                failing.computeIfAbsent(Themes.of(e.finding().ruleId()), t -> new ArrayList<>()).add(e);
            }
        }
        List<ThemeView> out = new ArrayList<>();
        failing.forEach((theme, findings) -> {
            List<ThemeRule> rules = summary.rules().stream()
                    .filter(r -> r.fail() > 0 && Themes.of(r.rule().id()) == theme)
                    .map(r -> new ThemeRule(r.rule().id(), orEmpty(r.rule().title()),
                            r.rule().severity() == null ? "none" : r.rule().severity().lower(), r.fail()))
                    .toList();
            out.add(new ThemeView(theme.title(), theme.description(), findings.size(), people(findings).size(),
                    accounts(findings).size(), rules));
        });
        return out;
    }

    static Affected affected(ReportInput input, List<ReportInput.Explained> explained, ReportSummary summary) {
        List<ReportInput.Explained> failing = explained.stream().filter(e -> e.finding().status() == Status.FAIL).toList();
        Integer added = null;
        Integer fixed = null;
        if (input.run().previousRunId() != null) {
            added = (int) input.changes().stream().filter(c -> ReportInputs.FINDING_AREA.equals(c.area()) && c.type() == ChangeType.ADDED).count();
            fixed = (int) input.changes().stream().filter(c -> ReportInputs.FINDING_AREA.equals(c.area()) && c.type() == ChangeType.REMOVED).count();
        }
        return new Affected(failing.size(), people(failing).size(), accounts(failing).size(), added, fixed,
                summary.rulesWith(Status.PASS), summary.rulesWith(Status.PASS) + summary.rulesWith(Status.FAIL)
                        + summary.rulesWith(Status.WAIVED), summary.rulesWith(Status.NOT_EVALUATED) + summary.rulesWith(Status.ERROR));
    }

    private static java.util.Set<String> people(List<ReportInput.Explained> findings) {
        java.util.Set<String> people = new java.util.HashSet<>();
        for (ReportInput.Explained e : findings) {
            Finding f = e.finding();
            if (f.resource() != null && PERSON_TYPES.contains(f.resource().type())) {
                people.add(FindingKey.displayName(f.resource()).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return people;
    }

    /** The accounts the findings concern: a person's finding counts every account they reach. */
    private static java.util.Set<String> accounts(List<ReportInput.Explained> findings) {
        java.util.Set<String> accounts = new java.util.HashSet<>();
        findings.forEach(e -> accounts.addAll(e.detail().accountIds()));
        return accounts;
    }

    /**
     * Nothing may be fetched (default-src 'none'); the one script that may run is ours, by its
     * hash, so even markup that slipped through escaping could not run a script.
     */
    static String contentSecurityPolicy(String script) {
        return "default-src 'none'; script-src '" + sha256Base64(script) + "'; style-src 'unsafe-inline'; img-src data:; "
                + "base-uri 'none'; form-action 'none'";
    }

    /**
     * The findings as data for the script. {@code rules} holds each rule's explanation once
     * (title, severity, theme, description, risk, remediation, framework requirements,
     * documentation address); {@code rows} holds one array per finding in report order (most
     * severe first): [rule index, status, severity, resource type, resource id, resource name,
     * [account indexes], reason, waiver, since last run, first-seen index, [evidence indexes]].
     * Values many findings share (accounts, first-seen runs, evidence records) are written once,
     * in {@code accounts}, {@code runs} and {@code evidence}, and rows point at them: on the
     * {@code large} scenario a person's records would otherwise be repeated in every rule's
     * finding. Escaped for a script block: no {@code <}, {@code >}, {@code &} or line separator
     * survives as itself, so no value can close the block.
     */
    static String findingsJson(ReportInput input, List<ReportInput.Explained> explained, ReportSummary summary) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        ArrayNode rules = root.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (RuleSummary rs : summary.rules()) {
            RuleInfo rule = rs.rule();
            ruleIndex.put(rule.id(), rules.size());
            ObjectNode r = rules.addObject();
            r.put("id", rule.id());
            r.put("title", orEmpty(rule.title()));
            r.put("severity", rule.severity() == null ? "none" : rule.severity().lower());
            r.put("theme", Themes.of(rule.id()).title());
            r.put("description", orEmpty(rule.description()));
            r.put("remediation", orEmpty(rule.remediation()));
            if (rule.risk() != null) {
                r.put("risk", rule.risk());
            }
            if (rule.fix() != null) {
                ObjectNode fix = r.putObject("fix");
                fix.put("text", orEmpty(rule.fix().text()));
                rule.fix().console().forEach(fix.putArray("console")::add);
                rule.fix().cli().forEach(fix.putArray("cli")::add);
                if (rule.fix().terraform() != null) {
                    fix.put("terraform", rule.fix().terraform());
                }
                rule.fix().links().forEach(fix.putArray("links")::add);
            }
            ArrayNode requirements = r.putArray("requirements");
            if (rule.requirements().isEmpty()) {
                new TreeMap<>(rule.frameworks()).forEach((key, ids) -> ids.stream().sorted(Frameworks.NATURAL).forEach(id -> {
                    ObjectNode q = requirements.addObject();
                    q.put("framework", Frameworks.displayName(key));
                    q.put("id", id);
                }));
            }
            rule.requirements().forEach(ref -> {
                ObjectNode q = requirements.addObject();
                q.put("framework", ref.frameworkName() + (ref.version() == null ? "" : " " + ref.version()));
                q.put("id", ref.id());
                if (ref.title() != null) {
                    q.put("title", ref.title());
                }
            });
            String docs = webLink(input.ruleDocsUri(rule.id()));
            if (docs != null) {
                r.put("docs", docs);
            }
        }
        Interned accounts = new Interned(root.putArray("accounts"));
        Interned runs = new Interned(root.putArray("runs"));
        Interned evidence = new Interned(root.putArray("evidence"));
        ArrayNode rows = root.putArray("rows");
        List<ReportInput.Explained> findings = new ArrayList<>(explained);
        findings.sort(java.util.Comparator.comparing(ReportInput.Explained::finding, ReportSummary.REPORT_ORDER));
        for (ReportInput.Explained e : findings) {
            Finding f = e.finding();
            ReportInput.FindingDetail d = e.detail();
            ArrayNode row = rows.addArray();
            Finding.Resource res = f.resource() == null ? new Finding.Resource(null, null, null, null) : f.resource();
            row.add(ruleIndex.get(f.ruleId()));
            row.add(f.status().name());
            row.add(f.severity() == null ? "none" : f.severity().lower());
            row.add(orEmpty(res.type()));
            row.add(orEmpty(res.id()));
            row.add(FindingKey.displayName(res));
            ArrayNode accountList = row.addArray();
            d.accounts().forEach(a -> accountList.add(accounts.index(a.id(), a.name())));
            row.add(orEmpty(f.reason()));
            row.add(f.waiver() == null ? "" : orEmpty(f.waiver().reason()) + (f.waiver().expires() == null ? "" : " (until "
                    + f.waiver().expires() + ")"));
            row.add(d.sinceLastRun() == null ? "" : d.sinceLastRun().name());
            row.add(d.firstSeenRun() == null ? -1 : runs.index(d.firstSeenRun(), d.firstSeenAt() == null ? null
                    : d.firstSeenAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
            ArrayNode evidenceList = row.addArray();
            d.evidence().forEach(ev -> evidenceList.add(evidence.index(ev.label(), ev.section(), ev.path())));
        }
        try {
            return escapeForScript(dev.idaudit.util.Json.json().writer().without(
                    com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise findings", e);
        }
    }

    /** A table of distinct values (each an array of strings) written once; rows refer to them by index. */
    private static final class Interned {
        private final ArrayNode table;
        private final Map<List<String>, Integer> index = new HashMap<>();

        Interned(ArrayNode table) {
            this.table = table;
        }

        int index(String... values) {
            return index.computeIfAbsent(java.util.Arrays.asList(values), v -> {
                ArrayNode entry = table.addArray();
                v.forEach(entry::add);
                return table.size() - 1;
            });
        }
    }

    /** JSON inside {@code <script>}: characters that could end the block become \\u escapes (still valid JSON). */
    static String escapeForScript(String json) {
        StringBuilder sb = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String webLink(String uri) {
        return uri != null && uri.matches("(?i)^https?://[^\\s\"'<>]+$") ? uri : null;
    }

    private static int countChanges(ReportInput input, ChangeType type) {
        return (int) input.changes().stream().filter(c -> c.type() == type).count();
    }

    private static String duration(RunInfo run) {
        if (run.startedAt() == null || run.finishedAt() == null) {
            return "";
        }
        Duration d = Duration.between(run.startedAt(), run.finishedAt());
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }

    static String label(Status s) {
        return switch (s) {
            case PASS -> "Pass";
            case FAIL -> "Fail";
            case WAIVED -> "Waived";
            case NOT_EVALUATED -> "Not evaluated";
            case ERROR -> "Error";
        };
    }

    static String css(Status s) {
        return "st-" + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static int percent(int n, int max) {
        return max == 0 ? 0 : Math.max(n > 0 ? 2 : 0, Math.round(100f * n / max));
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }


    private static String sha256Base64(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
