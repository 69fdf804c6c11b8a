package dev.idaudit.rules;

import dev.idaudit.model.AuditModel;
import java.util.List;
import java.util.Map;

/**
 * The escape hatch for a rule CEL cannot express: its metadata stays in the rule's YAML
 * ({@code implementation: fully.qualified.ClassName}) and this class decides the outcomes.
 * It needs a public no-argument constructor. The engine still applies {@code requires}
 * (NOT_EVALUATED on missing data), settings and waivers.
 */
public interface JavaRule {
    List<Outcome> evaluate(AuditModel model, Map<String, Object> params);

    /**
     * One resource's outcome.
     *
     * @param status PASS, FAIL or NOT_EVALUATED
     * @param appId the Okta app the resource belongs to, or null (for per-app collection issues)
     */
    record Outcome(Finding.Resource resource, String appId, Status status, String reason) {}
}
