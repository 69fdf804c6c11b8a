package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compliance framework file ({@code rules/frameworks/<key>.yaml}): which rules give evidence
 * for which requirement. The rules hold the logic; a framework only points at them.
 */
public record Framework(String key, String name, String version, String url, Map<String, Requirement> requirements) {

    public Framework {
        requirements = requirements == null ? Map.of() : new LinkedHashMap<>(requirements);
    }

    public record Requirement(String title, List<String> rules) {
        public Requirement {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    static Framework parse(String yaml, String file) {
        Framework f;
        try {
            f = Json.yaml().readValue(yaml, Framework.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ":" + Rule.line(e) + ": not a valid framework file: " + e.getOriginalMessage(), e);
        }
        SourceLines lines = SourceLines.of(yaml);
        if (f == null || f.key() == null || f.name() == null) {
            throw new BadInputException(file + ": a framework file needs key and name");
        }
        if (!Rule.FRAMEWORK_KEYS.contains(f.key())) {
            throw new BadInputException(file + ":" + lines.line("/key") + ": unknown framework key '" + f.key() + "'");
        }
        f.requirements().forEach((id, r) -> {
            if (r == null || r.title() == null || r.rules().isEmpty()) {
                throw new BadInputException(file + ":" + lines.line("/requirements/" + id) + ": requirement " + id + " needs a title and rules");
            }
        });
        return f;
    }

    /** The first line that names a rule not in {@code ruleIds}, as an error; nothing when all are known. */
    void checkRules(java.util.Set<String> ruleIds, String file, String yaml) {
        SourceLines lines = SourceLines.of(yaml);
        requirements.forEach((id, r) -> {
            for (int i = 0; i < r.rules().size(); i++) {
                if (!ruleIds.contains(r.rules().get(i))) {
                    throw new BadInputException(file + ":" + lines.line("/requirements/" + id + "/rules/" + i) + ": requirement " + id
                            + " names unknown rule '" + r.rules().get(i) + "'");
                }
            }
        });
    }
}
