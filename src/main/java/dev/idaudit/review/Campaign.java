package dev.idaudit.review;

import dev.idaudit.snapshot.Lists;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * campaign.json: one access review. Written by {@code review start}; {@code review import}
 * appends each returned workbook's decisions ({@link #imports}, never rewritten, so the history
 * stays); {@code review close} records when and how it was closed.
 *
 * @param runId the filed run the campaign reviews
 * @param runManifestSha256 SHA-256 of that run's manifest.json (which lists every file's digest)
 * @param oktaOrgUrl the Okta org of the run, for the remediation plan's API calls; null when not known
 * @param imports every import, oldest first; a reviewer's decisions are those of their latest import
 * @param closed null while open
 */
public record Campaign(
        int version,
        String id,
        String runId,
        String runManifestSha256,
        String oktaOrgUrl,
        Instant createdAt,
        LocalDate due,
        String ownersFile,
        String fallback,
        List<String> reviewers,
        List<AccessItem> items,
        List<Import> imports,
        Closed closed) {

    public static final String FILE_NAME = "campaign.json";
    public static final int CURRENT_VERSION = 1;

    public Campaign {
        reviewers = Lists.copy(reviewers);
        items = Lists.copy(items);
        imports = Lists.copy(imports);
    }

    /** One returned workbook accepted. */
    public record Import(String reviewer, Instant importedAt, String workbook, String workbookSha256, List<Decision> decisions) {
        public Import {
            decisions = Lists.copy(decisions);
        }
    }

    /** A reviewer's decision on one item: Keep, Revoke or Change, with the reviewer's comment. */
    public record Decision(String itemId, String decision, String comment) {}

    /** A decision as it stands, with who made it and when (for the pack and the revocation rule). */
    public record Decided(AccessItem item, Decision decision, Import from) {}

    /** @param openItemIds items without a decision when the campaign was closed (only with --force) */
    public record Closed(Instant closedAt, boolean forced, List<String> openItemIds) {
        public Closed {
            openItemIds = Lists.copy(openItemIds);
        }
    }

    public static final List<String> DECISIONS = List.of("Keep", "Revoke", "Change");

    /** The decisions in force: per reviewer, those of their latest import. */
    public Map<String, Decided> current() {
        Map<String, Import> latest = new LinkedHashMap<>();
        imports.forEach(i -> latest.put(i.reviewer(), i));
        Map<String, AccessItem> byId = new LinkedHashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        Map<String, Decided> out = new LinkedHashMap<>();
        for (Import i : latest.values()) {
            for (Decision d : i.decisions()) {
                AccessItem item = byId.get(d.itemId());
                if (item != null && item.reviewer().equals(i.reviewer())) {
                    out.put(d.itemId(), new Decided(item, d, i));
                }
            }
        }
        return out;
    }

    public List<AccessItem> itemsOf(String reviewer) {
        return items.stream().filter(i -> i.reviewer().equals(reviewer)).toList();
    }

    public List<AccessItem> open() {
        Map<String, Decided> now = current();
        return items.stream().filter(i -> !now.containsKey(i.id())).toList();
    }

    Campaign withImport(Import i) {
        List<Import> all = new ArrayList<>(imports);
        all.add(i);
        return new Campaign(version, id, runId, runManifestSha256, oktaOrgUrl, createdAt, due, ownersFile, fallback, reviewers, items, all, closed);
    }

    Campaign withClosed(Closed c) {
        return new Campaign(version, id, runId, runManifestSha256, oktaOrgUrl, createdAt, due, ownersFile, fallback, reviewers, items, imports, c);
    }

    public static Campaign read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir + ": not a review campaign (no " + FILE_NAME + ")");
        }
        Campaign c;
        try {
            c = Json.json().readValue(file.toFile(), Campaign.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": not a valid campaign: " + e.getMessage(), e);
        }
        if (c.version() != CURRENT_VERSION) {
            throw new BadInputException(file + ": version " + c.version() + " is not one this idaudit reads (" + CURRENT_VERSION + ")");
        }
        return c;
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a campaign. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".campaign-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            Json.json().writeValue(out, this);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
