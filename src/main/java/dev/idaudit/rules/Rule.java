package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cel.bundle.Cel;
import dev.cel.common.types.CelKind;
import dev.idaudit.model.AuditModel;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A loaded rule: its metadata, and its expressions compiled and type-checked. Loading fails
 * with a BadInputException naming the file and line of the first problem.
 */
public final class Rule {
    /** The framework keys a rule may map to (RULES.md). */
    public static final Set<String> FRAMEWORK_KEYS = Set.of("soc2", "iso27001_2022", "nist_800_53_r5", "cis_aws", "okta_stig");

    private final RuleDefinition def;
    private final String file;
    private final Severity severity;
    private final List<List<String>> requires;
    private final CelSupport.Compiled resources;
    private final CelSupport.Compiled where;
    private final CelSupport.Compiled condition;
    private final CelSupport.Compiled notEvaluatedWhen;
    private final CelSupport.Compiled resourceId;
    private final CelSupport.Compiled resourceName;
    private final CelSupport.Compiled resourceAccount;
    private final CelSupport.Compiled resourceApp;
    private final Template passReason;
    private final Template failReason;
    private final Template notEvaluatedReason;
    private final JavaRule implementation;
    /** Reads the access review given beside the snapshot (run --review): not run without one. */
    private final boolean readsReview;
    /** Computed once: every finding of the rule carries it. */
    private final String remediationLine;

    private Rule(RuleDefinition def, String file, SourceLines lines) {
        this.def = def;
        this.file = file;
        this.severity = validateMetadata(def, file, lines);
        List<List<String>> declared = requirements(def, file, lines);
        this.remediationLine = remediationLine(def.remediation());
        if (def.implementation() != null) {
            if (def.resources() != null || def.where() != null || def.condition() != null) {
                throw new BadInputException(file + ":" + lines.line("/implementation")
                        + ": a rule has either implementation or resources/condition, not both");
            }
            this.implementation = instantiate(def.implementation(), file, lines.line("/implementation"));
            // Java cannot be read for what it uses: its requires is the declared one
            this.requires = declared;
            this.resources = this.where = this.condition = this.notEvaluatedWhen = null;
            this.resourceId = this.resourceName = this.resourceAccount = this.resourceApp = null;
            this.passReason = this.failReason = this.notEvaluatedReason = null;
            this.readsReview = false;
            return;
        }
        this.implementation = null;
        require(def.resources(), "resources", file, lines);
        require(def.condition(), "condition", file, lines);
        require(def.resource(), "resource", file, lines);
        require(def.reason(), "reason", file, lines);
        require(def.resource().type(), "resource.type", file, lines);
        require(def.resource().id(), "resource.id", file, lines);
        require(def.reason().fail(), "reason.fail", file, lines);
        require(def.reason().pass(), "reason.pass", file, lines);
        this.resources = CelSupport.compile(CelSupport.base(), def.resources(), file, lines.line("/resources"), "resources", CelKind.LIST);
        Cel cel = CelSupport.withResource(CelSupport.elementType(resources.type()));
        this.where = def.where() == null ? null : CelSupport.compile(cel, def.where(), file, lines.line("/where"), "where", CelKind.BOOL);
        this.condition = CelSupport.compile(cel, def.condition(), file, lines.line("/condition"), "condition", CelKind.BOOL);
        this.notEvaluatedWhen = def.notEvaluatedWhen() == null ? null
                : CelSupport.compile(cel, def.notEvaluatedWhen(), file, lines.line("/notEvaluatedWhen"), "notEvaluatedWhen", CelKind.BOOL);
        this.resourceId = CelSupport.compile(cel, def.resource().id(), file, lines.line("/resource/id"), "resource.id", null);
        this.resourceName = optional(cel, def.resource().name(), file, lines, "/resource/name");
        this.resourceAccount = optional(cel, def.resource().account(), file, lines, "/resource/account");
        this.resourceApp = optional(cel, def.resource().app(), file, lines, "/resource/app");
        this.passReason = Template.compile(cel, def.reason().pass(), file, lines.line("/reason/pass"), "reason.pass");
        this.failReason = Template.compile(cel, def.reason().fail(), file, lines.line("/reason/fail"), "reason.fail");
        this.notEvaluatedReason = def.reason().notEvaluated() == null ? null
                : Template.compile(cel, def.reason().notEvaluated(), file, lines.line("/reason/notEvaluated"), "reason.notEvaluated");
        if (notEvaluatedWhen != null && notEvaluatedReason == null) {
            throw new BadInputException(file + ":" + lines.line("/notEvaluatedWhen") + ": notEvaluatedWhen needs reason.notEvaluated");
        }
        Reads reads = Reads.NONE;
        for (CelSupport.Compiled c : new CelSupport.Compiled[] {resources, where, condition, notEvaluatedWhen, resourceId, resourceName,
                resourceAccount, resourceApp}) {
            reads = c == null ? reads : reads.plus(c.reads());
        }
        for (Template t : new Template[] {passReason, failReason, notEvaluatedReason}) {
            reads = t == null ? reads : reads.plus(t.reads());
        }
        this.requires = Requirements.effective(declared, reads, file, lines.line("/requires"));
        this.readsReview = reads.variables().contains(dev.idaudit.model.view.ReviewRevocationsView.VIEW.name());
    }

    /** Parses and compiles one rule file's text; {@code file} names it in errors. */
    public static Rule parse(String yaml, String file) {
        RuleDefinition def;
        try {
            def = Json.yaml().readValue(yaml, RuleDefinition.class);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(file + ":" + line(e) + ": unknown field '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ":" + line(e) + ": not a valid rule file" + field(e) + ": " + e.getOriginalMessage(), e);
        }
        if (def == null) {
            throw new BadInputException(file + ": empty rule file");
        }
        return new Rule(def, file, SourceLines.of(yaml));
    }

    /** " (at remediation.console[2])" for a mapping error, so the user knows which value is wrong. */
    static String field(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (var ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return " (at " + sb + ")";
    }

    static int line(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? 0 : loc.getLineNr();
    }

    private static Severity validateMetadata(RuleDefinition def, String file, SourceLines lines) {
        require(def.id(), "id", file, lines);
        if (!def.id().matches("[a-z][a-z0-9]*(_[a-z0-9]+)+")) {
            throw new BadInputException(file + ":" + lines.line("/id") + ": id '" + def.id() + "' is not snake_case <area>_<subject>_<state>");
        }
        require(def.title(), "title", file, lines);
        require(def.description(), "description", file, lines);
        require(def.risk(), "risk", file, lines);
        require(def.remediation(), "remediation", file, lines);
        require(def.remediation().text(), "remediation.text", file, lines);
        require(def.severity(), "severity", file, lines);
        Severity severity;
        try {
            severity = Severity.valueOf(def.severity().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            severity = Severity.NONE;
        }
        if (severity == Severity.NONE) {
            throw new BadInputException(file + ":" + lines.line("/severity") + ": severity '" + def.severity()
                    + "' is not one of critical, high, medium, low");
        }
        for (String key : def.frameworks().keySet()) {
            if (!FRAMEWORK_KEYS.contains(key)) {
                throw new BadInputException(file + ":" + lines.line("/frameworks/" + key) + ": unknown framework '" + key
                        + "' (known: " + String.join(", ", FRAMEWORK_KEYS.stream().sorted().toList()) + ")");
            }
        }
        def.params().forEach((name, p) -> {
            if (p == null || p.defaultValue() == null) {
                throw new BadInputException(file + ":" + lines.line("/params/" + name) + ": parameter '" + name + "' needs a default");
            }
            if (p.description() == null || p.description().isBlank()) {
                throw new BadInputException(file + ":" + lines.line("/params/" + name) + ": parameter '" + name + "' needs a description");
            }
            if (p.type() != null && !Set.of("integer", "number", "string", "boolean", "list", "map").contains(p.type())) {
                throw new BadInputException(file + ":" + lines.line("/params/" + name + "/type") + ": parameter '" + name
                        + "' has type '" + p.type() + "', not one of integer, number, string, boolean, list, map");
            }
            String bad = p.problem(p.defaultValue());
            if (bad != null) {
                throw new BadInputException(file + ":" + lines.line("/params/" + name + "/default") + ": parameter '" + name + "' default " + bad);
            }
        });
        return severity;
    }

    private static List<List<String>> requirements(RuleDefinition def, String file, SourceLines lines) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < def.requires().size(); i++) {
            Object entry = def.requires().get(i);
            List<String> alternatives = new ArrayList<>();
            if (entry instanceof String s) {
                alternatives.add(s);
            } else if (entry instanceof Map<?, ?> m && m.size() == 1 && m.get("anyOf") instanceof List<?> l) {
                l.forEach(o -> alternatives.add(String.valueOf(o)));
            } else {
                throw new BadInputException(file + ":" + lines.line("/requires/" + i) + ": a requires entry is a section name or {anyOf: [sections]}");
            }
            for (String s : alternatives) {
                if (!Sections.ALL.contains(s)) {
                    throw new BadInputException(file + ":" + lines.line("/requires/" + i) + ": unknown snapshot section '" + s
                            + "' (see dev.idaudit.snapshot.Sections)");
                }
            }
            out.add(List.copyOf(alternatives));
        }
        return List.copyOf(out);
    }

    /**
     * Where an {@code implementation:} class may come from: this package (and below), which the
     * rule-file documentation names, or the rule file's own directory (its .class files under the
     * package's folders). Nothing else on the classpath is loaded for a rule.
     */
    public static final String JAVA_RULE_PACKAGE = "dev.idaudit.rules";

    /**
     * Loads without initialising, checks the type and the origin, and only then creates the rule
     * (which runs its static initialiser). Any failure, a LinkageError included, is bad input at
     * the {@code implementation:} line.
     */
    private static JavaRule instantiate(String className, String file, int line) {
        String at = file + ":" + line + ": implementation " + className + ": ";
        try {
            Path dir = Path.of(file).toAbsolutePath().getParent();
            ClassLoader own = dir != null && Files.isDirectory(dir)
                    ? new URLClassLoader(new URL[] {dir.toUri().toURL()}, Rule.class.getClassLoader()) : null;
            Class<?> c = Class.forName(className, false, own != null ? own : Rule.class.getClassLoader());
            if (!JavaRule.class.isAssignableFrom(c)) {
                throw new BadInputException(at + "does not implement " + JavaRule.class.getName());
            }
            boolean fromOwnDirectory = own != null && c.getClassLoader() == own;
            if (!fromOwnDirectory && !c.getPackageName().equals(JAVA_RULE_PACKAGE) && !c.getPackageName().startsWith(JAVA_RULE_PACKAGE + ".")) {
                throw new BadInputException(at + "is neither in the rule's directory nor in package " + JAVA_RULE_PACKAGE);
            }
            return (JavaRule) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | java.net.MalformedURLException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException || e instanceof ExceptionInInitializerError
                    ? (e.getCause() == null ? e : e.getCause()) : e;
            throw new BadInputException(at + "cannot load: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
        }
    }

    private static CelSupport.Compiled optional(Cel cel, String expr, String file, SourceLines lines, String pointer) {
        return expr == null ? null : CelSupport.compile(cel, expr, file, lines.line(pointer), pointer.substring(1).replace('/', '.'), null);
    }

    private static void require(Object value, String field, String file, SourceLines lines) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new BadInputException(file + ":" + lines.line("/" + field.replace('.', '/')) + ": missing " + field);
        }
    }

    public String id() { return def.id(); }
    public String title() { return def.title(); }
    public Severity severity() { return severity; }
    public RuleDefinition definition() { return def; }
    /** Where the rule was loaded from (a path, or idaudit/rules/<id>.yaml in the jar). */
    public String file() { return file; }
    /**
     * Each entry: the sections of which at least one must have been collected. Derived from what
     * the rule's expressions read (plus what a hand-written {@code requires} adds); for a Java rule,
     * the declared ones.
     */
    public List<List<String>> requires() { return requires; }

    /**
     * Where the rule's cost grows faster than the square of the org's size: an expression that
     * nests comprehensions over org-sized lists, evaluated per resource. Empty for a Java rule
     * (its code cannot be read) and for a rule without such nesting.
     */
    public List<String> costWarnings() {
        List<CelSupport.Compiled> all = new ArrayList<>();
        for (CelSupport.Compiled c : new CelSupport.Compiled[] {resources, where, condition, notEvaluatedWhen, resourceId, resourceName,
                resourceAccount, resourceApp}) {
            if (c != null) {
                all.add(c);
            }
        }
        for (Template t : new Template[] {passReason, failReason, notEvaluatedReason}) {
            if (t != null) {
                all.addAll(t.expressions());
            }
        }
        List<String> out = new ArrayList<>();
        for (CelSupport.Compiled c : all) {
            // resources is evaluated once; every other expression once per resource
            int degree = c.orgNesting() + (c == resources ? 0 : 1);
            if (degree >= 3) {
                out.add(c.where() + ": " + c.orgNesting() + " comprehensions over model lists nested" + (c == resources ? "" : ", evaluated per resource")
                        + ": the cost grows as n^" + degree + " with the org's size n, and a large org can run out of the rule's budget");
            }
        }
        return out;
    }

    /** The defaults of the rule's parameters. */
    public Map<String, Object> defaultParams() {
        Map<String, Object> out = new HashMap<>();
        def.params().forEach((k, v) -> out.put(k, v.defaultValue()));
        return out;
    }

    /** The remediation as one line for a finding: the text, and the link when there is one. */
    public String remediationLine() {
        return remediationLine;
    }

    private static String remediationLine(RuleDefinition.Remediation r) {
        String text = r.text().strip().replaceAll("\\s+", " ");
        return r.url() == null ? text : text + " See " + r.url();
    }

    /**
     * Evaluates the rule on a model (no waivers, no settings but the effective params and severity).
     * Missing data gives NOT_EVALUATED findings; an exception from the rule gives ERROR; a rule
     * over its {@link EvaluationBudget} gives one ERROR finding instead of all its findings.
     */
    List<Finding> evaluate(AuditModel model, Function<String, Object> modelVars, Map<String, Object> params, Severity effectiveSeverity) {
        return evaluate(model, modelVars, params, effectiveSeverity, RuleSettings.DEFAULT_DEADLINE);
    }

    /** The same within {@code deadline}. */
    List<Finding> evaluate(AuditModel model, Function<String, Object> modelVars, Map<String, Object> params, Severity effectiveSeverity,
            java.time.Duration deadline) {
        if (readsReview && !model.hasReview()) {
            // An input that was not given at all is not data missing from a collection: the rule is
            // not run (like a disabled rule), so a run without --review neither passes nor fails it.
            return List.of();
        }
        Findings out = new Findings(effectiveSeverity);
        Coverage coverage = Coverage.of(requires, model.snapshot());
        if (!coverage.globalGaps().isEmpty()) {
            out.add(new Finding.Resource(Finding.Resource.SNAPSHOT, "snapshot", "required data", null), Status.NOT_EVALUATED,
                    "not evaluated: " + String.join("; ", coverage.globalGaps()));
            return out.list;
        }
        coverage.accountGaps().forEach((account, gaps) -> out.add(new Finding.Resource(Finding.Resource.ACCOUNT, account, account, account),
                Status.NOT_EVALUATED, "not evaluated for account " + account + ": " + String.join("; ", gaps)));
        coverage.appGaps().forEach((app, gaps) -> out.add(new Finding.Resource(Finding.Resource.OKTA_APP, app, app, null),
                Status.NOT_EVALUATED, "not evaluated for app " + app + ": " + String.join("; ", gaps)));
        try {
            if (implementation != null) {
                evaluateJava(model, params, coverage, out);
            } else {
                evaluateCel(modelVars, params, coverage, out, EvaluationBudget.starting(deadline));
            }
        } catch (EvaluationBudget.Exceeded e) {
            out.list.clear();
            out.add(new Finding.Resource(Finding.Resource.RULE, def.id(), def.title(), null), Status.ERROR,
                    "rule " + def.id() + " stopped: over its evaluation budget, " + e.getMessage() + "; its findings are unknown");
        } catch (RuntimeException | dev.cel.runtime.CelEvaluationException e) {
            out.add(new Finding.Resource(Finding.Resource.RULE, def.id(), def.title(), null), Status.ERROR, "rule failed: " + message(e));
        }
        return out.list;
    }

    private void evaluateJava(AuditModel model, Map<String, Object> params, Coverage coverage, Findings out) {
        for (JavaRule.Outcome o : implementation.evaluate(model, Map.copyOf(params))) {
            if (skipped(coverage, o.resource().accountId(), o.appId())) {
                continue;
            }
            String gaps = unscopedGaps(coverage, o.resource().accountId(), o.appId());
            if (gaps != null && (o.status() == Status.PASS || o.status() == Status.FAIL)) {
                out.add(o.resource(), Status.NOT_EVALUATED, "not evaluated: " + gaps);
            } else {
                out.add(o.resource(), o.status(), o.reason());
            }
        }
    }

    private void evaluateCel(Function<String, Object> modelVars, Map<String, Object> params, Coverage coverage, Findings out,
            EvaluationBudget budget) throws dev.cel.runtime.CelEvaluationException {
        // The rule's own names (params, and r per resource) over the model's.
        Map<String, Object> local = new HashMap<>();
        local.put("params", celValues(params));
        Function<String, Object> vars = name -> local.containsKey(name) ? local.get(name) : modelVars.apply(name);
        Object list = resources.eval(vars, budget);
        if (!(list instanceof List<?> items)) {
            throw new IllegalStateException("resources gave " + Template.text(list) + ", not a list");
        }
        for (Object item : items) {
            local.put("r", item);
            try {
                if (where != null && !Boolean.TRUE.equals(where.eval(vars, budget))) {
                    continue;
                }
            } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
                overBudget(e);
                out.add(new Finding.Resource(def.resource().type(), "?", String.valueOf(item), null), Status.ERROR,
                        "rule failed selecting resources (where): " + message(e));
                continue;
            }
            Finding.Resource resource;
            String app;
            try {
                resource = new Finding.Resource(def.resource().type(), Template.text(resourceId.eval(vars, budget)),
                        resourceName == null ? null : Template.text(resourceName.eval(vars, budget)),
                        resourceAccount == null ? null : nullIfNone(Template.text(resourceAccount.eval(vars, budget))));
                app = resourceApp == null ? null : nullIfNone(Template.text(resourceApp.eval(vars, budget)));
            } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
                overBudget(e);
                out.add(new Finding.Resource(def.resource().type(), "?", String.valueOf(item), null), Status.ERROR,
                        "rule failed naming the resource: " + message(e));
                continue;
            }
            if (skipped(coverage, resource.accountId(), app)) {
                continue;
            }
            String gaps = unscopedGaps(coverage, resource.accountId(), app);
            if (gaps != null) {
                out.add(resource, Status.NOT_EVALUATED, "not evaluated: " + gaps);
                continue;
            }
            try {
                if (notEvaluatedWhen != null && Boolean.TRUE.equals(notEvaluatedWhen.eval(vars, budget))) {
                    out.add(resource, Status.NOT_EVALUATED, notEvaluatedReason.render(vars, budget));
                    continue;
                }
                Object pass = condition.eval(vars, budget);
                if (!(pass instanceof Boolean b)) {
                    throw new IllegalStateException("condition gave " + Template.text(pass) + ", not true or false");
                }
                out.add(resource, b ? Status.PASS : Status.FAIL, (b ? passReason : failReason).render(vars, budget));
            } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
                overBudget(e);
                out.add(resource, Status.ERROR, "rule failed: " + message(e));
            }
        }
    }

    /** A budget exceeded is the whole rule's failure, not one resource's. */
    private static void overBudget(Exception e) {
        if (e instanceof EvaluationBudget.Exceeded x) {
            throw x;
        }
    }

    /** YAML numbers arrive as Integer/Float; CEL's int and double are Long and Double. */
    private static Object celValues(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Rule::celValues).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new HashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), celValues(val)));
            return out;
        }
        return v;
    }

    private static boolean skipped(Coverage coverage, String accountId, String appId) {
        return (accountId != null && coverage.accountGaps().containsKey(accountId))
                || (appId != null && coverage.appGaps().containsKey(appId));
    }

    /**
     * Why a resource that names no account (or no app) cannot be decided: some account (or app)
     * is missing a section the rule reads, and the resource's result may rest on that account's
     * (or app's) data, e.g. a permission set's assignments or an Okta user's app users. Null when
     * nothing is missing outside the resource's own scope.
     */
    private static String unscopedGaps(Coverage coverage, String accountId, String appId) {
        List<String> gaps = new ArrayList<>();
        if (accountId == null) {
            coverage.accountGaps().forEach((account, g) -> gaps.add("for account " + account + ", " + String.join("; ", g)));
        }
        if (appId == null) {
            coverage.appGaps().forEach((app, g) -> gaps.add("for app " + app + ", " + String.join("; ", g)));
        }
        return gaps.isEmpty() ? null : String.join("; ", gaps);
    }

    private static String nullIfNone(String s) {
        return s == null || s.isEmpty() || "(none)".equals(s) ? null : s;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    /** Builds this rule's findings with its metadata filled in. */
    private final class Findings {
        final List<Finding> list = new ArrayList<>();
        final Severity severity;

        Findings(Severity severity) {
            this.severity = severity;
        }

        void add(Finding.Resource resource, Status status, String reason) {
            list.add(new Finding(def.id(), def.title(), status, severity, resource, reason, remediationLine(), def.frameworks(), null));
        }
    }
}
