package dev.idaudit.audit;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.drift.FindingsDelta;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.model.AuditModel;
import dev.idaudit.report.FindingDetails;
import dev.idaudit.report.FindingsFile;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.ReportInputs;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.RuleSettings;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit of one snapshot, the same for every command: the rule settings, the pack (built-in
 * rules and the user's), the waivers as of {@code today}, then the model, the check, the changes
 * since a previous run, the report input and the {@link Verdict}. Everything a user can get
 * wrong (config, rule files, waivers) is read by {@link #prepare}, before anything is collected.
 */
public final class Audit {
    private final RulePack pack;
    private final RuleEngine engine;
    private final Waivers waivers;
    private final LocalDate today;
    private final List<dev.idaudit.model.Views.ReviewDecision> review;

    private final IdAuditConfig.Limits limits;

    private Audit(RulePack pack, RuleEngine engine, Waivers waivers, LocalDate today, IdAuditConfig.Limits limits,
            List<dev.idaudit.model.Views.ReviewDecision> review) {
        this.pack = pack;
        this.engine = engine;
        this.waivers = waivers;
        this.today = today;
        this.limits = limits;
        this.review = List.copyOf(review);
    }

    /** The same audit with an access review's Revoke decisions beside every snapshot it checks ({@code run --review}). */
    public Audit withReview(List<dev.idaudit.model.Views.ReviewDecision> decisions) {
        return new Audit(pack, engine, waivers, today, limits, decisions);
    }

    /**
     * @param config idaudit.yaml (all of it checked; its rules: and limits: sections used), or null for the defaults
     * @param waiversFile waivers.yaml, or null for none
     * @param ruleDirs directories of the user's rules, beside those the config names
     */
    public static Audit prepare(Path config, Path waiversFile, List<Path> ruleDirs, LocalDate today) {
        // the whole file, every section, through the one strict reader (no secrets: check works offline)
        IdAuditConfig cfg = config == null ? new IdAuditConfig(null, null) : ConfigLoader.offline(config);
        RuleSettings settings = cfg.rules();
        List<Path> dirs = new ArrayList<>(settings.directories());
        dirs.addAll(ruleDirs);
        RulePack pack = RulePack.load(dirs);
        RuleEngine engine = new RuleEngine(pack, settings, config == null ? "settings" : config.toString());
        Waivers waivers = waiversFile == null ? Waivers.NONE : Waivers.read(waiversFile, today);
        waivers.validate(pack, settings::severity);
        return new Audit(pack, engine, waivers, today, cfg.limits(), List.of());
    }

    /** Reads a snapshot within the config's limits (limits.maxDecompressedMegabytes). */
    public Snapshot readSnapshot(Path file) {
        return dev.idaudit.snapshot.SnapshotIO.read(file, limits.maxDecompressedBytes());
    }

    public RulePack pack() {
        return pack;
    }

    public Waivers waivers() {
        return waivers;
    }

    public LocalDate today() {
        return today;
    }

    /** A snapshot checked: one model for the rules and the reports, built once. */
    public record Checked(AuditModel model, CheckResult result) {
        public Snapshot snapshot() {
            return model.snapshot();
        }

        /** The verdict of this check at {@code gate}, its collection issues counted. */
        public Verdict verdict(Gate gate) {
            return Verdict.of(gate, snapshot().collectionIssues(), result);
        }
    }

    public Checked check(Snapshot snapshot) {
        AuditModel model = AuditModel.of(snapshot).withReview(review);
        return new Checked(model, engine.check(model, waivers, today));
    }

    /**
     * What changed since a previous run: entities, then findings. What this run could not read
     * is "not collected", never removed or resolved (see {@link SnapshotDiff}, {@link FindingsDelta}).
     */
    public static SnapshotDiff compare(Snapshot before, CheckResult beforeFindings, Checked now) {
        return SnapshotDiff.compare(before, now.snapshot())
                .withFindings(FindingsDelta.compare(beforeFindings.findings(), now.result().findings()));
    }

    /** What explains the findings of a check made outside a run (no run, so no first seen or change since a previous run). */
    public FindingsFile.Explanation explain(Checked checked) {
        return new FindingsFile.Explanation(FindingDetails.of(checked.result().findings(), checked.model(), pack, null, null, null),
                ReportInputs.rules(pack));
    }

    /** Everything the reports render for this check, with no previous run and no documentation address. */
    public ReportInput reportInput(ReportInput.RunInfo info, Checked checked, List<ReportInput.ChangeRow> changes) {
        return reportInput(info, checked, changes, null, null);
    }

    /**
     * Everything the reports render for this check.
     *
     * @param previous the previous complete run (first seen, new since then), or null when none
     * @param docsUrl where the rule pages are published, or null
     */
    public ReportInput reportInput(ReportInput.RunInfo info, Checked checked, List<ReportInput.ChangeRow> changes,
            FindingDetails.PreviousRun previous, String docsUrl) {
        return ReportInputs.of(info, checked.model(), checked.result(), pack, waivers, today, changes, previous, docsUrl);
    }
}
