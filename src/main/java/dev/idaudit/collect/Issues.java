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

    public synchronized List<CollectionIssue> list() {
        return List.copyOf(issues);
    }
}
