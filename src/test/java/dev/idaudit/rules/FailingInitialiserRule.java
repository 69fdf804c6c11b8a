package dev.idaudit.rules;

/** A JavaRule whose static initialiser fails, as one that needs a missing native library does. */
public class FailingInitialiserRule implements JavaRule {
    static {
        if (Boolean.TRUE) {
            throw new UnsatisfiedLinkError("no idaudit_native in java.library.path");
        }
    }

    @Override
    public java.util.List<Outcome> evaluate(dev.idaudit.model.AuditModel model, java.util.Map<String, Object> params) {
        return java.util.List.of();
    }
}
