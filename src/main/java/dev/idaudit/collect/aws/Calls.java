package dev.idaudit.collect.aws;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.snapshot.CollectionIssue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;

/**
 * The one place where an AWS call that fails becomes a collection issue: the caller gets an
 * empty result and goes on with the next call. Only SDK failures are caught; a bug in our own
 * code still fails loudly.
 */
final class Calls {
    private final Issues issues;
    private final Progress progress;
    private final String source;

    Calls(Issues issues, Progress progress, String source) {
        this.issues = issues;
        this.progress = progress;
        this.source = source;
    }

    /**
     * Runs one call.
     *
     * @param accountId the account the call concerns, or null
     * @param api the call as {@code service:Operation}, with the IAM action prefix (sso, identitystore ...)
     */
    <T> Optional<T> get(String section, String accountId, String api, Supplier<T> call) {
        return get(List.of(section), accountId, api, call);
    }

    /** A call whose failure leaves several sections incomplete: one issue per section. */
    <T> Optional<T> get(List<String> sections, String accountId, String api, Supplier<T> call) {
        return get(sections, accountId, api, call, new ArrayList<>());
    }

    /** The same; the issues recorded go to {@code gaps} too. */
    <T> Optional<T> get(List<String> sections, String accountId, String api, Supplier<T> call, List<CollectionIssue> gaps) {
        try {
            return Optional.ofNullable(call.get());
        } catch (SdkException e) {
            for (String section : sections) {
                record(new CollectionIssue(section, accountId, null, api, errorCode(e), message(e)), gaps);
            }
            return Optional.empty();
        }
    }

    private void record(CollectionIssue issue, List<CollectionIssue> gaps) {
        issues.add(issue);
        gaps.add(issue);
    }

    /** Reads every page of a paginated call; what failed is an issue and an empty list. */
    <P, T> List<T> pages(String section, String accountId, String api, String kind,
                         Supplier<SdkIterable<P>> pages, Function<P, List<T>> items) {
        return listed(section, accountId, api, kind, pages, items).items();
    }

    /**
     * What a list call read, and the issues that say what it missed: none when it is the whole
     * list. A section read through this list (one call per item) inherits these gaps.
     */
    record Listed<T>(List<T> items, List<CollectionIssue> gaps) {
        boolean complete() {
            return gaps.isEmpty();
        }
    }

    /** Every page, and what is missing from them; what failed is an issue. */
    <P, T> Listed<T> listed(String section, String accountId, String api, String kind,
                            Supplier<SdkIterable<P>> pages, Function<P, List<T>> items) {
        List<CollectionIssue> gaps = new ArrayList<>();
        Optional<List<T>> read = pagesOrEmpty(List.of(section), accountId, api, kind, pages, items, gaps);
        return new Listed<>(read.orElse(List.of()), List.copyOf(gaps));
    }

    /**
     * Every page, or empty when the call failed (the issue is recorded for each section). A
     * service that answers a next-page token it already gave would be paged forever (the SDK's
     * paginators do not notice): the listing stops there, keeps what it read once, and records
     * a RepeatedPageToken issue with the pages read, since the rest of the list is unknown.
     */
    <P, T> Optional<List<T>> pagesOrEmpty(List<String> sections, String accountId, String api, String kind,
                                          Supplier<SdkIterable<P>> pages, Function<P, List<T>> items) {
        return pagesOrEmpty(sections, accountId, api, kind, pages, items, new ArrayList<>());
    }

    private <P, T> Optional<List<T>> pagesOrEmpty(List<String> sections, String accountId, String api, String kind,
                                                  Supplier<SdkIterable<P>> pages, Function<P, List<T>> items,
                                                  List<CollectionIssue> gaps) {
        return get(sections, accountId, api, () -> {
            List<T> all = new ArrayList<>();
            Set<String> tokens = new HashSet<>();
            int pagesRead = 0;
            for (P page : pages.get()) {
                List<T> onPage = items.apply(page);
                progress.items(source, kind, onPage.size());
                all.addAll(onPage);
                pagesRead++;
                String next = nextToken(page);
                if (next != null && !tokens.add(next)) {
                    for (String section : sections) {
                        record(new CollectionIssue(section, accountId, null, api, CollectionIssue.REPEATED_PAGE_TOKEN,
                                "the service answered a next-page token it had already given; the list was read up to there ("
                                        + pagesRead + " pages, " + all.size() + " " + kind + " kept)", null, null, pagesRead), gaps);
                    }
                    break;
                }
            }
            return all;
        }, gaps);
    }

    /** The page's NextToken (or IAM's Marker), read through the SDK's own field list. */
    static String nextToken(Object page) {
        if (page instanceof SdkPojo pojo) {
            for (SdkField<?> field : pojo.sdkFields()) {
                if (field.memberName().equals("NextToken") || field.memberName().equals("Marker")) {
                    Object value = field.getValueOrDefault(pojo);
                    return value instanceof String token && !token.isEmpty() ? token : null;
                }
            }
        }
        return null;
    }

    /** A gap found without an SDK exception (a cross-check, a record left out). */
    void issue(CollectionIssue issue) {
        issues.add(issue);
    }

    /** Something that went wrong without an SDK exception (e.g. a report that never completed). */
    void issue(String section, String accountId, String api, String error, String message) {
        issues.add(section, accountId, api, error, message);
    }

    /** The issues recorded so far that make {@code section} partial. */
    List<CollectionIssue> gaps(String section) {
        return issues.gaps(section);
    }

    /**
     * {@code section} was read through {@code from}, a list with the given gaps: each gap is
     * {@code section}'s too, for the same scope; {@code why} says how one depends on the other.
     */
    void inherit(String section, List<CollectionIssue> from, String why) {
        from.forEach(gap -> issues.inherit(section, gap, why));
    }

    void items(String kind, int count) {
        progress.items(source, kind, count);
    }

    static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null && !aws.awsErrorDetails().errorCode().isBlank()) {
            return aws.awsErrorDetails().errorCode();
        }
        if (e instanceof SdkServiceException service) {
            return String.valueOf(service.statusCode());
        }
        return e.getClass().getSimpleName();
    }

    static String message(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorMessage() != null) {
            return aws.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
