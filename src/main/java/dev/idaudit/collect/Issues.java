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

    public void add(String section, String accountId, String api, String error, String message) {
        add(new CollectionIssue(section, accountId, api, error, message));
    }

    public synchronized List<CollectionIssue> list() {
        return List.copyOf(issues);
    }
}
