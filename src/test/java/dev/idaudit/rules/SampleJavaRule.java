package dev.idaudit.rules;

import dev.idaudit.model.AuditModel;
import java.util.List;
import java.util.Map;

/** A JavaRule for the escape-hatch test: fails users whose login is longer than {@code maxLength}. */
public class SampleJavaRule implements JavaRule {
    @Override
    public List<Outcome> evaluate(AuditModel model, Map<String, Object> params) {
        int max = ((Number) params.get("maxLength")).intValue();
        return model.oktaUsers().stream().map(u -> new Outcome(new Finding.Resource("okta_user", u.id(), u.login(), null), null,
                u.login().length() <= max ? Status.PASS : Status.FAIL, u.login() + " is " + u.login().length() + " characters")).toList();
    }
}
