package dev.idaudit.review;

import dev.idaudit.rules.Glob;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.YamlFile;
import dev.idaudit.util.YamlFile.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * owners.yaml: who reviews which access. Read strictly, like idaudit.yaml: an unknown key, a
 * missing reviewer or a pattern that matches nothing in the run is an error naming the file and line.
 *
 * <pre>
 * reviewers:
 *   - reviewer: alice@acme.example
 *     accounts: ["acme-prod", "2222*"]   # account names or ids, globs
 *   - reviewer: bob@acme.example
 *     groups: ["org-Developers"]         # access granted through these groups
 * fallback: security@acme.example        # everything unowned, and every reviewer's own access
 * </pre>
 *
 * The first reviewer whose patterns match an access path reviews it, unless it is their own.
 */
public record Owners(String file, List<Reviewer> reviewers, String fallback) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    public Owners {
        reviewers = List.copyOf(reviewers);
    }

    /** One reviewer's patterns, with where each was written (for "matches nothing" errors). */
    public record Reviewer(String reviewer, List<Located> accounts, List<Located> groups) {
        public Reviewer {
            accounts = List.copyOf(accounts);
            groups = List.copyOf(groups);
        }

        boolean owns(AccessItem item) {
            return accounts.stream().anyMatch(p -> p.matchesAccount(item)) || groups.stream().anyMatch(p -> p.matchesGroup(item));
        }
    }

    /** A pattern and the place it was written. */
    public record Located(String pattern, String where) {
        boolean matchesAccount(AccessItem i) {
            return Glob.matches(pattern, i.accountId()) || Glob.matches(pattern, i.accountName());
        }

        boolean matchesGroup(AccessItem i) {
            return Glob.matches(pattern, i.viaGroupName()) || Glob.matches(pattern, i.viaGroupId());
        }
    }

    public static Owners read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such owners file");
        }
        Entry root = YamlFile.read(file);
        Map<String, Entry> top = root.mapping(Set.of("reviewers", "fallback"));
        if (!top.containsKey("fallback")) {
            throw root.error("fallback is required: the reviewer of everything unowned and of every reviewer's own access");
        }
        String fallback = email(top.get("fallback"));
        if (!top.containsKey("reviewers")) {
            throw root.error("reviewers is required (a list of reviewer: with accounts: and/or groups:)");
        }
        List<Reviewer> out = new ArrayList<>();
        for (Entry r : top.get("reviewers").list()) {
            Map<String, Entry> m = r.mapping(Set.of("reviewer", "accounts", "groups"));
            if (!m.containsKey("reviewer")) {
                throw r.error("reviewer is required (the reviewer's email)");
            }
            if (!m.containsKey("accounts") && !m.containsKey("groups")) {
                throw r.error("give accounts: or groups: (what this reviewer owns)");
            }
            out.add(new Reviewer(email(m.get("reviewer")), patterns(file, m.get("accounts")), patterns(file, m.get("groups"))));
        }
        return new Owners(file.toString(), out, fallback);
    }

    private static String email(Entry e) {
        String v = e.text().trim();
        if (!EMAIL.matcher(v).matches()) {
            throw e.error("'" + v + "' is not an email address");
        }
        return v;
    }

    private static List<Located> patterns(Path file, Entry e) {
        if (e == null) {
            return List.of();
        }
        List<Located> out = new ArrayList<>();
        for (Entry p : e.list()) {
            String text = p.text().trim();
            if (text.isEmpty()) {
                throw p.error("an empty pattern");
            }
            out.add(new Located(text, file + ":" + p.line() + ": " + p.path()));
        }
        return out;
    }

    /**
     * Every pattern must match some access path of the run: a pattern that matches nothing is a
     * misspelt name, and the access it meant would silently go to the fallback.
     */
    public void requireMatches(List<AccessItem> items) {
        for (Reviewer r : reviewers) {
            for (Located p : r.accounts()) {
                if (items.stream().noneMatch(p::matchesAccount)) {
                    throw new BadInputException(p.where() + ": account pattern '" + p.pattern()
                            + "' matches no account anybody reaches in the run");
                }
            }
            for (Located p : r.groups()) {
                if (items.stream().noneMatch(p::matchesGroup)) {
                    throw new BadInputException(p.where() + ": group pattern '" + p.pattern()
                            + "' matches no group that grants access in the run");
                }
            }
        }
    }

    /** Who reviews {@code item}: the first owner, never the person whose access it is; else the fallback. */
    public String reviewerOf(AccessItem item) {
        for (Reviewer r : reviewers) {
            if (r.owns(item) && !samePerson(r.reviewer(), item)) {
                return r.reviewer();
            }
        }
        return fallback;
    }

    /** Compared case-insensitively with the Identity Store user name and the Okta login. */
    static boolean samePerson(String reviewer, AccessItem item) {
        return reviewer.equalsIgnoreCase(String.valueOf(item.person())) || reviewer.equalsIgnoreCase(String.valueOf(item.oktaLogin()));
    }
}
