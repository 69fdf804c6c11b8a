package dev.idaudit.rules;

import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rule's required data is missing, from the snapshot's collection issues: a requirement
 * is missing when every one of its alternatives has an issue; an issue with no account or app
 * makes the whole rule NOT_EVALUATED, one with an account or app only that account's or app's
 * resources. An issue affects a required section when it is that section or contains it: requiring
 * {@code okta.awsApps} means the app list itself, so an issue with {@code okta.awsApps.features}
 * only matters to rules that require the features.
 */
record Coverage(List<String> globalGaps, Map<String, List<String>> accountGaps, Map<String, List<String>> appGaps) {

    Coverage {
        // One issue can miss several required sections (aws.identityCenter holds the assignments,
        // users and groups a rule reads): a finding's reason says each cause once.
        globalGaps = globalGaps.stream().distinct().toList();
        accountGaps = distinct(accountGaps);
        appGaps = distinct(appGaps);
    }

    private static Map<String, List<String>> distinct(Map<String, List<String>> gaps) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        gaps.forEach((k, v) -> out.put(k, v.stream().distinct().toList()));
        return out;
    }

    /**
     * The coverage of a rule on a snapshot. A part of the snapshot that is absent altogether (no
     * Okta or AWS side, no organization, no Identity Center) counts as not collected.
     */
    static Coverage of(List<List<String>> requires, Snapshot snapshot) {
        List<CollectionIssue> issues = new ArrayList<>(snapshot.collectionIssues());
        if (snapshot.okta() == null) {
            issues.add(absent("okta"));
        }
        if (snapshot.aws() == null) {
            issues.add(absent("aws"));
        } else {
            if (snapshot.aws().organization() == null) {
                issues.add(absent("aws.organization"));
            }
            if (snapshot.aws().identityCenter() == null) {
                issues.add(absent("aws.identityCenter"));
            }
        }
        return of(requires, issues);
    }

    private static CollectionIssue absent(String section) {
        return new CollectionIssue(section, null, null, "-", "absent", "the snapshot has no " + section + " part");
    }

    static Coverage of(List<List<String>> requires, List<CollectionIssue> issues) {
        List<String> global = new ArrayList<>();
        Map<String, List<String>> accounts = new LinkedHashMap<>();
        Map<String, List<String>> apps = new LinkedHashMap<>();
        for (List<String> alternatives : requires) {
            List<CollectionIssue> relevant = issues.stream()
                    .filter(i -> alternatives.stream().anyMatch(s -> affects(i.section(), s))).toList();
            if (relevant.isEmpty()) {
                continue;
            }
            if (allMissing(alternatives, relevant, i -> i.accountId() == null && i.appId() == null)) {
                relevant.stream().filter(i -> i.accountId() == null && i.appId() == null).map(Coverage::describe).forEach(global::add);
                continue;
            }
            Set<String> accountIds = new TreeSet<>();
            Set<String> appIds = new TreeSet<>();
            relevant.forEach(i -> {
                if (i.accountId() != null) {
                    accountIds.add(i.accountId());
                }
                if (i.appId() != null) {
                    appIds.add(i.appId());
                }
            });
            for (String account : accountIds) {
                if (allMissing(alternatives, relevant, i -> i.appId() == null && (i.accountId() == null || i.accountId().equals(account)))) {
                    relevant.stream().filter(i -> account.equals(i.accountId())).map(Coverage::describe)
                            .forEach(d -> accounts.computeIfAbsent(account, k -> new ArrayList<>()).add(d));
                }
            }
            for (String app : appIds) {
                if (allMissing(alternatives, relevant, i -> i.accountId() == null && (i.appId() == null || i.appId().equals(app)))) {
                    relevant.stream().filter(i -> app.equals(i.appId())).map(Coverage::describe)
                            .forEach(d -> apps.computeIfAbsent(app, k -> new ArrayList<>()).add(d));
                }
            }
        }
        return new Coverage(List.copyOf(global), accounts, apps);
    }

    private static boolean allMissing(List<String> alternatives, List<CollectionIssue> issues,
            java.util.function.Predicate<CollectionIssue> scope) {
        return alternatives.stream().allMatch(s -> issues.stream().anyMatch(i -> scope.test(i) && affects(i.section(), s)));
    }

    static boolean affects(String issueSection, String required) {
        return required.equals(issueSection) || required.startsWith(issueSection + ".");
    }

    static String describe(CollectionIssue i) {
        return i.section() + " not collected (" + i.api() + ": " + i.error()
                + (i.message() == null || i.message().isBlank() ? "" : ", " + i.message()) + ")";
    }
}
