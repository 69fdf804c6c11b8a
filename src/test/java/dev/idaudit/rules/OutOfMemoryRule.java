package dev.idaudit.rules;

import dev.idaudit.model.AuditModel;
import java.util.List;
import java.util.Map;

/** A JavaRule that fails as a JVM out of heap does, for the exit-code test. */
public class OutOfMemoryRule implements JavaRule {
    @Override
    public List<Outcome> evaluate(AuditModel model, Map<String, Object> params) {
        throw new OutOfMemoryError("Java heap space");
    }
}
