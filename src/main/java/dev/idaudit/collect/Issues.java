package dev.idaudit.collect;

import dev.idaudit.snapshot.CollectionIssue;
import java.util.ArrayList;
import java.util.List;

/** The collection issues of one run; thread-safe. */
public final class Issues {
    private final List<CollectionIssue> issues = new ArrayList<>();

    public synchronized void add(CollectionIssue issue) {
        issues.add(issue);
    }

    /** An issue that concerns one member account (accountId) or none (null). */
    public void add(String section, String accountId, String api, String error, String message) {
        add(new CollectionIssue(section, accountId, null, api, error, message));
    }

    /** An issue that concerns one Okta app. */
    public void addForApp(String section, String appId, String api, String error, String message) {
        add(new CollectionIssue(section, null, appId, api, error, message));
    }

    /**
     * {@code section} was read through the list {@code from}, which was partial for the same
     * scope (account, app or neither): {@code section} is partial too, for that scope.
     */
    public void inherit(String section, CollectionIssue from, String why) {
        add(new CollectionIssue(section, from.accountId(), from.appId(), from.api(), CollectionIssue.READ_THROUGH_PARTIAL_LIST,
                why + " (" + from.section() + ": " + from.error() + ")", from.permissionSetArn(), from.section(), null));
    }

    /** The issues recorded so far that make {@code section} partial (its own, or those of a section containing it). */
    public synchronized List<CollectionIssue> gaps(String section) {
        return issues.stream()
                .filter(i -> section.equals(i.section()) || section.startsWith(i.section() + "."))
                .toList();
    }

    public synchronized List<CollectionIssue> list() {
        return List.copyOf(issues);
    }
}
