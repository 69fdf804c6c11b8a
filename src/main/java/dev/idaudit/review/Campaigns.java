package dev.idaudit.review;

import dev.idaudit.evidence.Digests;
import dev.idaudit.evidence.EvidenceVerifier;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.model.AuditModel;
import dev.idaudit.report.ReportData;
import dev.idaudit.report.ReportInput;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Starting a campaign, importing returned workbooks, and where it stands. */
public final class Campaigns {
    /** The workbooks sent to reviewers, one per reviewer. */
    public static final String TO_REVIEW = "to-review";

    private Campaigns() {}

    /**
     * Starts a campaign on a filed run: the run must verify against its manifest, every owners
     * pattern must match something, and nobody reviews their own access.
     */
    public static Campaign start(Path runDir, Path ownersFile, LocalDate due, Path out, Clock clock) throws IOException {
        if (Files.exists(out.resolve(Campaign.FILE_NAME))) {
            throw new BadInputException(out + ": a campaign is already there (" + Campaign.FILE_NAME + "); choose another --out");
        }
        Owners owners = Owners.read(ownersFile);
        EvidenceVerifier.Verification v = EvidenceVerifier.verify(runDir);
        if (!v.ok()) {
            throw new BadInputException(runDir + ": the run does not match its " + Manifest.FILE_NAME + " (changed " + v.changed()
                    + ", added " + v.added() + ", removed " + v.removed() + "); a review must start from intact evidence");
        }
        ReportInput run = ReportData.read(runDir);
        AuditModel model = AuditModel.of(run.snapshot());
        List<AccessItem> items = new ArrayList<>();
        List<AccessItem> found = AccessItems.of(model, run.findings());
        owners.requireMatches(found);
        for (AccessItem i : found) {
            String reviewer = owners.reviewerOf(i);
            if (Owners.samePerson(reviewer, i)) {
                throw new BadInputException(ownersFile + ": the fallback " + reviewer + " would review their own access ("
                        + i.permissionSetName() + " in " + i.accountId() + "); name a fallback who has no access under review");
            }
            items.add(i.withReviewer(reviewer));
        }
        Set<String> reviewers = new LinkedHashSet<>();
        items.forEach(i -> reviewers.add(i.reviewer()));
        String id = (out.getFileName() == null ? "review" : out.getFileName().toString()) + "-"
                + randomHex(4);
        Campaign c = new Campaign(Campaign.CURRENT_VERSION, id, v.runId(), Digests.sha256Hex(runDir.resolve(Manifest.FILE_NAME)), model.oktaOrgUrl(),
                clock.instant(), due, ownersFile.toString(), owners.fallback(), List.copyOf(reviewers), items, List.of(), null);
        IntegrityKey key = IntegrityKey.create(out);
        for (String r : reviewers) {
            ReviewWorkbook.write(c, r, key, out.resolve(TO_REVIEW).resolve(ReviewWorkbook.fileName(r)));
        }
        c.write(out);
        return c;
    }

    /**
     * Imports returned workbooks, all or nothing: every workbook is checked before any is
     * recorded. Each accepted workbook is one more {@link Campaign.Import}; a reviewer's latest
     * replaces their earlier decisions, which stay in the history.
     */
    public static Campaign importWorkbooks(Path dir, List<Path> workbooks, Clock clock) throws IOException {
        Campaign c = Campaign.read(dir);
        if (c.closed() != null) {
            throw new BadInputException(dir + ": the campaign was closed " + c.closed().closedAt() + "; nothing more can be imported");
        }
        IntegrityKey key = IntegrityKey.read(dir);
        Map<String, ReviewWorkbook.Returned> byReviewer = new LinkedHashMap<>();
        for (Path wb : workbooks) {
            ReviewWorkbook.Returned r = ReviewWorkbook.read(wb, c, key);
            ReviewWorkbook.Returned twice = byReviewer.put(r.reviewer(), r);
            if (twice != null) {
                throw new BadInputException(wb + ": " + r.reviewer() + "'s workbook is given twice (also " + twice.file() + ")");
            }
        }
        for (ReviewWorkbook.Returned r : byReviewer.values()) {
            c = c.withImport(new Campaign.Import(r.reviewer(), clock.instant(), String.valueOf(r.file().getFileName()), r.sha256(),
                    r.decisions()));
        }
        c.write(dir);
        return c;
    }

    /** One reviewer's progress. */
    public record ReviewerStatus(String reviewer, int items, int decided, int open) {}

    public static List<ReviewerStatus> status(Campaign c) {
        Map<String, Campaign.Decided> now = c.current();
        List<ReviewerStatus> out = new ArrayList<>();
        for (String r : c.reviewers()) {
            List<AccessItem> mine = c.itemsOf(r);
            int decided = (int) mine.stream().filter(i -> now.containsKey(i.id())).count();
            out.add(new ReviewerStatus(r, mine.size(), decided, mine.size() - decided));
        }
        return out;
    }

    /** Random bytes as hex, from the non-blocking generator. */
    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The file name of a reviewer's workbook under {@value #TO_REVIEW}. */
    public static String workbookName(String reviewer) {
        return ReviewWorkbook.fileName(reviewer);
    }
}
