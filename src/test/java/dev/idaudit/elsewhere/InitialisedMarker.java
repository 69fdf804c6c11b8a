package dev.idaudit.elsewhere;

/** A class outside the Java-rule package whose static initialiser leaves a trace: loading a rule must not run it. */
public class InitialisedMarker implements dev.idaudit.rules.JavaRule {
    public static final String PROPERTY = "idaudit.test.initialised";

    static {
        System.setProperty(PROPERTY, "yes");
    }

    @Override
    public java.util.List<Outcome> evaluate(dev.idaudit.model.AuditModel model, java.util.Map<String, Object> params) {
        return java.util.List.of();
    }
}
