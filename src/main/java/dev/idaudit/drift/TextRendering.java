package dev.idaudit.drift;

import dev.idaudit.drift.DriftReport.DriftItem;
import dev.idaudit.drift.DriftReport.DriftStatus;
import dev.idaudit.drift.FindingsDelta.FindingChange;
import dev.idaudit.drift.SnapshotDiff.EntityChange;
import dev.idaudit.drift.SnapshotDiff.TypeDiff;
import dev.idaudit.util.SafeText;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Plain-text renderings of a {@link SnapshotDiff} and a {@link DriftReport}, for a terminal or a CI log. */
public final class TextRendering {
    private TextRendering() {}

    /** Unchanged lines shown around a changed line of a policy diff. */
    static final int CONTEXT = 2;

    public static String diff(SnapshotDiff d) {
        StringBuilder out = new StringBuilder();
        out.append("Changes from ").append(side(d.before())).append(" to ").append(side(d.after())).append('\n');
        int added = d.types().stream().mapToInt(t -> t.added().size()).sum();
        int removed = d.types().stream().mapToInt(t -> t.removed().size()).sum();
        int changed = d.types().stream().mapToInt(t -> t.changed().size()).sum();
        out.append(d.changeCount()).append(" changes: ").append(added).append(" added, ").append(removed)
                .append(" removed, ").append(changed).append(" changed");
        if (d.notCollectedCount() > 0) {
            out.append("; ").append(d.notCollectedCount()).append(" not collected this run (unknown, not removed)");
        }
        out.append('\n');
        for (TypeDiff t : d.types()) {
            out.append('\n').append(t.title()).append(": ").append(counts(t)).append('\n');
            t.added().forEach(c -> entity(out, '+', c));
            t.removed().forEach(c -> entity(out, '-', c));
            t.changed().forEach(c -> entity(out, '~', c));
            t.notCollected().forEach(c -> entity(out, '?', c));
        }
        if (d.findings() != null) {
            findings(out, d.findings());
        }
        caveats(out, d.caveats());
        return out.toString();
    }

    public static String drift(DriftReport r) {
        StringBuilder out = new StringBuilder();
        out.append("Drift of ").append(side(r.snapshot())).append(" against ").append(String.join(", ", r.desiredSources())).append('\n');
        out.append("Compared: ").append(r.compared().stream().map(t -> t.title).collect(Collectors.joining(", "))).append('\n');
        List<DriftItem> drifted = r.drifted();
        out.append(drifted.size()).append(" drifted: ").append(r.count(DriftStatus.UNMANAGED)).append(" unmanaged, ")
                .append(r.count(DriftStatus.MISSING)).append(" missing, ").append(r.count(DriftStatus.CHANGED))
                .append(" changed; ").append(r.count(DriftStatus.MANAGED)).append(" managed\n");
        if (!drifted.isEmpty()) {
            out.append('\n');
        }
        for (DriftItem i : drifted) {
            out.append(String.format(Locale.ROOT, "%-9s  %s: %s", i.status(), i.type().title, SafeText.line(i.name())));
            if (i.id() != null && !i.id().equals(i.name())) {
                out.append("  [").append(SafeText.line(i.id())).append(']');
            }
            out.append('\n');
            if (i.declaredAt() != null) {
                out.append("      declared at ").append(i.declaredAt()).append('\n');
            }
            for (FieldDiff f : i.fields()) {
                field(out, f, true);
            }
        }
        if (!r.ignored().isEmpty()) {
            out.append("\nIgnored (").append(r.ignored().size()).append(", not compared):\n");
            r.ignored().forEach(g -> out.append("  ").append(g.source()).append(": ").append(SafeText.line(g.address())).append(": ")
                    .append(SafeText.line(g.reason())).append('\n'));
        }
        caveats(out, r.caveats());
        return out.toString();
    }

    private static void entity(StringBuilder out, char marker, EntityChange c) {
        out.append("  ").append(marker).append(' ').append(SafeText.line(c.name()));
        if (c.id() != null && !c.id().equals(c.name())) {
            out.append("  [").append(SafeText.line(c.id())).append(']');
        }
        out.append('\n');
        if (c.kind() == SnapshotDiff.ChangeKind.CHANGED) {
            c.fields().forEach(f -> field(out, f, false));
            return;
        }
        for (Property p : c.kind() == SnapshotDiff.ChangeKind.ADDED ? c.after() : c.before()) {
            if (p.value() == null || p.value().isEmpty()) {
                continue;
            }
            if (p.multiline()) {
                out.append("      ").append(p.name()).append(":\n");
                p.value().lines().forEach(l -> out.append("          ").append(SafeText.line(l)).append('\n'));
            } else {
                out.append("      ").append(p.name()).append(": ").append(SafeText.line(p.value())).append('\n');
            }
        }
    }

    /** One differing field; in a drift report, before is the desired value and after the actual one. */
    private static void field(StringBuilder out, FieldDiff f, boolean drift) {
        if (f.lines().isEmpty()) {
            out.append("      ").append(f.field()).append(": ").append(value(f.before())).append(drift ? " (desired)" : "")
                    .append(" → ").append(value(f.after())).append(drift ? " (actual)" : "").append('\n');
            return;
        }
        out.append("      ").append(f.field()).append(drift ? ": (- desired, + actual)" : ":").append('\n');
        List<DiffLine> lines = f.lines();
        boolean skipped = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).op() == DiffLine.Op.SAME && !nearChange(lines, i)) {
                if (!skipped) {
                    out.append("        ...\n");
                    skipped = true;
                }
                continue;
            }
            skipped = false;
            out.append("        ").append(lines.get(i).op().marker()).append(' ').append(SafeText.line(lines.get(i).text())).append('\n');
        }
    }

    private static boolean nearChange(List<DiffLine> lines, int i) {
        for (int j = Math.max(0, i - CONTEXT); j <= Math.min(lines.size() - 1, i + CONTEXT); j++) {
            if (lines.get(j).op() != DiffLine.Op.SAME) {
                return true;
            }
        }
        return false;
    }

    private static void findings(StringBuilder out, FindingsDelta f) {
        out.append("\nFindings: ").append(f.newFailures().size()).append(" new, ").append(f.resolved().size())
                .append(" resolved, ").append(f.stillFailing().size()).append(" still failing, ")
                .append(f.newlyWaived().size()).append(" newly waived, ").append(f.waiverExpired().size())
                .append(" waiver expired, ").append(f.noLongerEvaluated().size()).append(" no longer evaluated, ")
                .append(f.notCollected().size()).append(" not collected this run\n");
        findingList(out, "new", f.newFailures());
        findingList(out, "resolved", f.resolved());
        findingList(out, "waived", f.newlyWaived());
        findingList(out, "expired", f.waiverExpired());
        findingList(out, "not eval", f.noLongerEvaluated());
        findingList(out, "not coll", f.notCollected());
    }

    private static void findingList(StringBuilder out, String label, List<FindingChange> changes) {
        for (FindingChange c : changes) {
            var r = c.resource();
            String resource = r == null ? "" : (r.name() != null ? r.name() : r.id()) + (r.accountId() != null ? " in " + r.accountId() : "");
            out.append(String.format(Locale.ROOT, "  %-9s %s: %s%n", label, c.ruleId(), SafeText.line(resource)));
        }
    }

    private static void caveats(StringBuilder out, List<String> caveats) {
        if (!caveats.isEmpty()) {
            out.append("\nCaveats:\n");
            caveats.forEach(c -> out.append("  ").append(c).append('\n'));
        }
    }

    private static String counts(TypeDiff t) {
        StringBuilder s = new StringBuilder();
        append(s, t.added().size(), "added");
        append(s, t.removed().size(), "removed");
        append(s, t.changed().size(), "changed");
        append(s, t.notCollected().size(), "not collected this run");
        return s.toString();
    }

    private static void append(StringBuilder s, int n, String what) {
        if (n > 0) {
            s.append(s.length() > 0 ? ", " : "").append(n).append(' ').append(what);
        }
    }

    private static String side(SnapshotDiff.Side side) {
        String source = side.source() == null ? "(unknown source)" : side.source();
        return side.takenAt() == null ? source : source + " (" + dev.idaudit.util.Times.toSecond(side.takenAt()) + ")";
    }

    private static String value(String v) {
        return v == null ? "(not set)" : v.isEmpty() ? "(none)" : SafeText.line(v);
    }
}
