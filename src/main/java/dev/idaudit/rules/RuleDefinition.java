package dev.idaudit.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule file ({@code rules/<id>.yaml}) as written. See docs/rules/README.md for the format;
 * {@link Rule} is its compiled form.
 *
 * @param requires optional: snapshot sections ({@link dev.idaudit.snapshot.Sections}) beyond those derived
 *     from the expressions (see {@link Requirements}); an entry may be {@code {anyOf: [a, b]}} when
 *     either section is enough. Required for a Java rule, whose reads cannot be derived
 * @param resources CEL: the list the rule iterates over (each element is {@code r})
 * @param where CEL, optional: true for the elements of {@code resources} the rule is about. Prefer it
 *     to {@code resources: list.filter(...)}: it is evaluated once per element, while CEL-Java's
 *     filter macro copies its result at every step (quadratic on large lists)
 * @param condition CEL: true when {@code r} is in the good state (PASS)
 * @param notEvaluatedWhen CEL, optional: true when the data about {@code r} is missing
 * @param implementation a class implementing {@link JavaRule}, instead of resources/condition
 */
public record RuleDefinition(
        String id,
        String title,
        String severity,
        String description,
        String risk,
        Remediation remediation,
        Map<String, List<String>> frameworks,
        Map<String, Param> params,
        List<Object> requires,
        String resources,
        String where,
        ResourceSpec resource,
        String condition,
        String notEvaluatedWhen,
        Reasons reason,
        String implementation) {

    public RuleDefinition {
        frameworks = frameworks == null ? Map.of() : new LinkedHashMap<>(frameworks);
        params = params == null ? Map.of() : new LinkedHashMap<>(params);
        requires = requires == null ? List.of() : List.copyOf(requires);
    }

    /**
     * How to fix a failure: a short text, a documentation link, console steps, and optionally
     * commands ({@code cli}: AWS CLI or Okta API calls, one per entry) and Terraform ({@code terraform}).
     */
    public record Remediation(String text, String url, List<String> console, List<String> cli, String terraform) {
        public Remediation {
            console = console == null ? List.of() : List.copyOf(console);
            cli = cli == null ? List.of() : List.copyOf(cli);
        }
    }

    /** A parameter a config can override: its default (which fixes its type) and what it means. */
    /**
     * A parameter: its default and description; optionally its {@code type} (integer, number,
     * string, boolean, list, map; else that of the default) and, for numbers, the {@code min} and
     * {@code max} a config may set (inclusive).
     */
    public record Param(@JsonProperty("default") Object defaultValue, String description, String type, Double min, Double max) {
        public Param(Object defaultValue, String description) {
            this(defaultValue, description, null, null, null);
        }

        /** The declared type, or the default's. */
        public String effectiveType() {
            if (type != null) {
                return type;
            }
            if (defaultValue instanceof Integer || defaultValue instanceof Long) {
                return "integer";
            }
            if (defaultValue instanceof Number) {
                return "number";
            }
            if (defaultValue instanceof Boolean) {
                return "boolean";
            }
            if (defaultValue instanceof List) {
                return "list";
            }
            return defaultValue instanceof Map ? "map" : "string";
        }

        /** Why {@code value} is not a valid value of this parameter, or null when it is. */
        public String problem(Object value) {
            String t = effectiveType();
            boolean ok = switch (t) {
                case "integer" -> value instanceof Integer || value instanceof Long;
                case "number" -> value instanceof Number;
                case "boolean" -> value instanceof Boolean;
                case "list" -> value instanceof List;
                case "map" -> value instanceof Map;
                default -> value instanceof String;
            };
            if (!ok) {
                return "must be " + (t.equals("integer") ? "an integer" : "a " + t) + " like its default " + defaultValue + ", not " + value;
            }
            if (value instanceof Number n && ((min != null && n.doubleValue() < min) || (max != null && n.doubleValue() > max))) {
                return "must be between " + bound(min) + " and " + bound(max) + ", not " + value;
            }
            return null;
        }

        private static String bound(Double d) {
            return d == null ? "any" : d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
    }

    /**
     * How a resource is named in findings: {@code type} is a literal; {@code id}, {@code name},
     * {@code account} (AWS account id) and {@code app} (Okta app id) are CEL over {@code r}. The
     * account and app decide which per-account / per-app collection issues make it NOT_EVALUATED.
     */
    public record ResourceSpec(String type, String id, String name, String account, String app) {}

    /** Reason templates: text with {@code ${cel}} parts evaluated on {@code r}. */
    public record Reasons(String pass, String fail, String notEvaluated) {}
}
