package dev.idaudit.rules;

import dev.idaudit.model.AuditModel;
import dev.idaudit.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Evaluates a rule pack, under a config's settings, on a snapshot. */
public final class RuleEngine {
    private final RulePack pack;
    private final RuleSettings settings;

    /** Fails with a BadInputException when the settings name unknown rules or parameters. */
    public RuleEngine(RulePack pack, RuleSettings settings, String settingsSource) {
        this.pack = pack;
        this.settings = settings;
        settings.validate(pack, settingsSource);
    }

    public RuleEngine(RulePack pack) {
        this(pack, RuleSettings.DEFAULTS, "defaults");
    }

    public RulePack pack() { return pack; }
    public RuleSettings settings() { return settings; }

    /** The findings of every enabled rule, in pack order (no waivers applied). */
    public List<Finding> evaluate(Snapshot snapshot) {
        return evaluate(AuditModel.of(snapshot));
    }

    /**
     * Rules are independent and the model is read-only, so they are evaluated in parallel, on
     * the common pool (one thread per core); the findings keep the pack's order.
     */
    public List<Finding> evaluate(AuditModel model) {
        Function<String, Object> vars = ModelBindings.of(model);
        List<List<Finding>> perRule = pack.rules().parallelStream().filter(rule -> settings.enabled(rule.id()))
                .map(rule -> rule.evaluate(model, vars, settings.params(rule), settings.severity(rule), settings.deadline()))
                .toList();
        List<Finding> out = new ArrayList<>();
        perRule.forEach(out::addAll);
        return List.copyOf(out);
    }

    /** Evaluates, applies the waivers as of {@code today}, and wraps it all up for a findings file. */
    public CheckResult check(Snapshot snapshot, Waivers waivers, java.time.LocalDate today) {
        return check(AuditModel.of(snapshot), waivers, today);
    }

    /** The same on a model already built (a run also renders its reports from it). */
    public CheckResult check(AuditModel model, Waivers waivers, java.time.LocalDate today) {
        Waivers.Applied applied = waivers.apply(evaluate(model), today);
        return CheckResult.of(pack, model.snapshot(), applied.findings(), applied.stale(), applied.warnings());
    }
}
