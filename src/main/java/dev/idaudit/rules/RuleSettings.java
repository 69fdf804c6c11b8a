package dev.idaudit.rules;

import dev.idaudit.util.BadInputException;
import dev.idaudit.util.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a user's config changes about the rules: which run, at which severity, with which
 * parameters. The {@code rules:} section of idaudit.yaml:
 *
 * <pre>
 * rules:
 *   only: [rule_id, ...]            # run just these (default: all)
 *   disabled: [rule_id, ...]        # never run these
 *   severity: {rule_id: low}        # override a rule's severity
 *   params:
 *     rule_id: {paramName: value}   # override a parameter's default
 *   directories: [./our-rules]      # extra rule directories, relative to the config file
 *   budget:
 *     deadlineSeconds: 60           # wall-clock time one rule may take on one snapshot
 * </pre>
 *
 * {@link #validate} rejects unknown rule ids and parameter names, and values of the wrong type or
 * out of the range the rule declares; {@code where} maps a rule id, or "rule.param", to the
 * "file:line" it was read from, for those messages.
 */
public record RuleSettings(
        Set<String> only,
        Set<String> disabled,
        Map<String, Severity> severities,
        Map<String, Map<String, Object>> params,
        List<Path> directories,
        java.time.Duration deadline,
        Map<String, String> where) {

    /**
     * How long one rule may take on one snapshot: the large scenario's whole check takes about 2 s,
     * so a minute is room for an org many times its size, and still ends a runaway rule.
     */
    public static final java.time.Duration DEFAULT_DEADLINE = java.time.Duration.ofSeconds(60);

    public RuleSettings {
        only = only == null ? Set.of() : Set.copyOf(only);
        disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
        severities = severities == null ? Map.of() : Map.copyOf(severities);
        Map<String, Map<String, Object>> p = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> p.put(k, Map.copyOf(v)));
        }
        params = Map.copyOf(p);
        directories = directories == null ? List.of() : List.copyOf(directories);
        deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
        where = where == null ? Map.of() : Map.copyOf(where);
    }

    /** Settings not read from a file (no lines to name). */
    public RuleSettings(Set<String> only, Set<String> disabled, Map<String, Severity> severities,
            Map<String, Map<String, Object>> params, List<Path> directories, java.time.Duration deadline) {
        this(only, disabled, severities, params, directories, deadline, null);
    }

    /** Settings with the default budget. */
    public RuleSettings(Set<String> only, Set<String> disabled, Map<String, Severity> severities,
            Map<String, Map<String, Object>> params, List<Path> directories) {
        this(only, disabled, severities, params, directories, null, null);
    }

    /** Every rule, at its own severity, with its defaults. */
    public static final RuleSettings DEFAULTS = new RuleSettings(null, null, null, null, null);

    public boolean enabled(String ruleId) {
        return (only.isEmpty() || only.contains(ruleId)) && !disabled.contains(ruleId);
    }

    public Severity severity(Rule rule) {
        return severities.getOrDefault(rule.id(), rule.severity());
    }

    /** The rule's defaults with this config's overrides on top. */
    public Map<String, Object> params(Rule rule) {
        Map<String, Object> out = new HashMap<>(rule.defaultParams());
        out.putAll(params.getOrDefault(rule.id(), Map.of()));
        return out;
    }

    /** Rejects rule ids the pack does not have, parameter names a rule does not take, and mistyped values. */
    public void validate(RulePack pack, String source) {
        List<String> ids = new ArrayList<>(only);
        ids.addAll(disabled);
        ids.addAll(severities.keySet());
        ids.addAll(params.keySet());
        for (String id : ids) {
            if (pack.rule(id).isEmpty()) {
                throw new BadInputException(where.getOrDefault(id, source) + ": unknown rule '" + id + "' in rules settings (see 'idaudit rules list')");
            }
        }
        params.forEach((id, values) -> {
            Rule rule = pack.rule(id).orElseThrow();
            values.forEach((name, value) -> {
                RuleDefinition.Param p = rule.definition().params().get(name);
                if (p == null) {
                    throw new BadInputException(source + ": rule " + id + " has no parameter '" + name + "' (it has: "
                            + String.join(", ", rule.definition().params().keySet()) + ")");
                }
                String bad = p.problem(value);
                if (bad != null) {
                    throw new BadInputException(where.getOrDefault(id + "." + name, source) + ": rules.params." + id + "." + name + ": " + bad);
                }
            });
        });
    }

    /**
     * Reads the {@code rules:} section of an idaudit.yaml through the strict YAML reader (the rest
     * of the file belongs to dev.idaudit.config.ConfigLoader, which calls {@link #fromEntry}).
     * No section means {@link #DEFAULTS}.
     */
    public static RuleSettings readConfig(Path configFile) {
        Map<String, YamlFile.Entry> top = YamlFile.read(configFile).mapping();
        YamlFile.Entry rules = top.get("rules");
        return rules == null || rules.isNull() ? DEFAULTS : fromEntry(rules, configFile.toAbsolutePath().getParent());
    }

    /** The {@code rules:} entry of a config; {@code baseDir} resolves relative directories. */
    public static RuleSettings fromEntry(YamlFile.Entry rules, Path baseDir) {
        Map<String, YamlFile.Entry> m = rules.mapping(Set.of("only", "disabled", "severity", "params", "directories", "budget"));
        Map<String, String> lines = new HashMap<>();
        for (String list : List.of("only", "disabled")) {
            if (m.containsKey(list)) {
                m.get(list).list().forEach(item -> lines.putIfAbsent(item.text(), item.location()));
            }
        }
        Map<String, Severity> severities = new LinkedHashMap<>();
        if (m.containsKey("severity")) {
            m.get("severity").mapping().forEach((id, e) -> {
                Severity s;
                try {
                    s = Severity.valueOf(e.text().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    s = Severity.NONE;
                }
                if (s == Severity.NONE) {
                    throw e.error("severity of " + id + " must be critical, high, medium or low, not '" + e.text() + "'");
                }
                severities.put(id, s);
                lines.putIfAbsent(id, e.location());
            });
        }
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        if (m.containsKey("params")) {
            m.get("params").mapping().forEach((id, e) -> {
                Map<String, Object> values = new LinkedHashMap<>();
                e.mapping().forEach((name, v) -> {
                    if (v.isNull()) {
                        throw v.error("has no value");
                    }
                    values.put(name, v.plain());
                    lines.put(id + "." + name, v.location());
                });
                params.put(id, values);
                lines.putIfAbsent(id, e.location());
            });
        }
        List<Path> dirs = new ArrayList<>();
        if (m.containsKey("directories")) {
            m.get("directories").texts().forEach(d -> dirs.add(baseDir == null ? Path.of(d) : baseDir.resolve(d)));
        }
        java.time.Duration deadline = null;
        if (m.containsKey("budget")) {
            Map<String, YamlFile.Entry> b = m.get("budget").mapping(Set.of("deadlineSeconds"));
            if (b.containsKey("deadlineSeconds")) {
                YamlFile.Entry d = b.get("deadlineSeconds");
                int seconds = d.integer();
                if (seconds < 1 || seconds > 3600) {
                    throw d.error("must be between 1 and 3600 seconds, not " + seconds);
                }
                deadline = java.time.Duration.ofSeconds(seconds);
            }
        }
        return new RuleSettings(strings(m.get("only")), strings(m.get("disabled")), severities, params, dirs, deadline, lines);
    }

    private static Set<String> strings(YamlFile.Entry list) {
        return list == null ? Set.of() : new java.util.LinkedHashSet<>(list.texts());
    }
}
