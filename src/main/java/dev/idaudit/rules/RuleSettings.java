package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 * </pre>
 *
 * {@link #validate} rejects unknown rule ids and parameter names, and values of the wrong type.
 */
public record RuleSettings(
        Set<String> only,
        Set<String> disabled,
        Map<String, Severity> severities,
        Map<String, Map<String, Object>> params,
        List<Path> directories) {

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
                throw new BadInputException(source + ": unknown rule '" + id + "' in rules settings (see 'idaudit rules list')");
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
                if (!sameKind(p.defaultValue(), value)) {
                    throw new BadInputException(source + ": rules.params." + id + "." + name + " must be "
                            + kind(p.defaultValue()) + " like its default " + p.defaultValue() + ", not " + value);
                }
            });
        });
    }

    private static boolean sameKind(Object a, Object b) {
        return kind(a).equals(kind(b));
    }

    private static String kind(Object o) {
        if (o instanceof Number) {
            return "a number";
        }
        if (o instanceof Boolean) {
            return "true or false";
        }
        if (o instanceof List) {
            return "a list";
        }
        return o instanceof Map ? "a map" : "a string";
    }

    /**
     * Reads the {@code rules:} section of an idaudit.yaml (the rest belongs to the config reader).
     * No section means {@link #DEFAULTS}.
     */
    public static RuleSettings readConfig(Path configFile) {
        String text = TextFiles.read(configFile, configFile.toString(), "config file");
        JsonNode root;
        try {
            root = Json.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(configFile + ":" + Rule.line(e) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || rules.isNull()) {
            return DEFAULTS;
        }
        return fromNode(rules, configFile.toString(), text, configFile.toAbsolutePath().getParent());
    }

    /**
     * The {@code rules:} node of a config already parsed from {@code configText} (for line numbers);
     * {@code baseDir} resolves relative directories.
     */
    public static RuleSettings fromNode(JsonNode rules, String file, String configText, Path baseDir) {
        SourceLines at = SourceLines.of(configText == null ? "" : configText);
        if (!rules.isObject()) {
            throw new BadInputException(file + ":" + at.line("/rules") + ": rules must be a map");
        }
        Set<String> known = Set.of("only", "disabled", "severity", "params", "directories");
        for (Iterator<String> it = rules.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new BadInputException(file + ":" + at.line("/rules/" + f) + ": unknown setting rules." + f + " (known: " + known + ")");
            }
        }
        Map<String, Severity> severities = new LinkedHashMap<>();
        rules.path("severity").fields().forEachRemaining(e -> {
            try {
                Severity s = Severity.valueOf(e.getValue().asText().toUpperCase(Locale.ROOT));
                if (s == Severity.NONE) {
                    throw new IllegalArgumentException();
                }
                severities.put(e.getKey(), s);
            } catch (IllegalArgumentException ex) {
                throw new BadInputException(file + ":" + at.line("/rules/severity/" + e.getKey()) + ": severity of " + e.getKey()
                        + " must be critical, high, medium or low, not '" + e.getValue().asText() + "'");
            }
        });
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        rules.path("params").fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                throw new BadInputException(file + ":" + at.line("/rules/params/" + e.getKey()) + ": rules.params." + e.getKey()
                        + " must be a map of parameter: value");
            }
            e.getValue().fields().forEachRemaining(param -> {
                if (param.getValue().isNull()) {
                    throw new BadInputException(file + ":" + at.line("/rules/params/" + e.getKey()) + ": rules.params." + e.getKey()
                            + "." + (param.getKey().isEmpty() ? "(empty name)" : param.getKey()) + " has no value");
                }
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> values = Json.yaml().convertValue((ObjectNode) e.getValue(), Map.class);
            params.put(e.getKey(), values);
        });
        List<Path> dirs = new ArrayList<>();
        rules.path("directories").forEach(d -> dirs.add(baseDir == null ? Path.of(d.asText()) : baseDir.resolve(d.asText())));
        return new RuleSettings(strings(rules.path("only")), strings(rules.path("disabled")), severities, params, dirs);
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new java.util.LinkedHashSet<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
