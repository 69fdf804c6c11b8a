package dev.idaudit.collect.aws;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
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
        try {
            return Optional.ofNullable(call.get());
        } catch (SdkException e) {
            for (String section : sections) {
                issues.add(section, accountId, api, errorCode(e), message(e));
            }
            return Optional.empty();
        }
    }

    /** Reads every page of a paginated call; what failed is an issue and an empty list. */
    <P, T> List<T> pages(String section, String accountId, String api, String kind,
                         Supplier<SdkIterable<P>> pages, Function<P, List<T>> items) {
        return pagesOrEmpty(List.of(section), accountId, api, kind, pages, items).orElse(List.of());
    }

    /**
     * Every page, or empty when the call failed (the issue is recorded for each section). A
     * service that answers a next-page token it already gave would be paged forever (the SDK's
     * paginators do not notice): the listing stops there, keeps what it read once, and records
     * a RepeatedPageToken issue, since the rest of the list is unknown.
     */
    <P, T> Optional<List<T>> pagesOrEmpty(List<String> sections, String accountId, String api, String kind,
                                          Supplier<SdkIterable<P>> pages, Function<P, List<T>> items) {
        return get(sections, accountId, api, () -> {
            List<T> all = new ArrayList<>();
            Set<String> tokens = new HashSet<>();
            for (P page : pages.get()) {
                List<T> onPage = items.apply(page);
                progress.items(source, kind, onPage.size());
                all.addAll(onPage);
                String next = nextToken(page);
                if (next != null && !tokens.add(next)) {
                    for (String section : sections) {
                        issues.add(section, accountId, api, "RepeatedPageToken",
                                "the service answered a next-page token it had already given; the list was read up to there");
                    }
                    break;
                }
            }
            return all;
        });
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

    /** Something that went wrong without an SDK exception (e.g. a report that never completed). */
    void issue(String section, String accountId, String api, String error, String message) {
        issues.add(section, accountId, api, error, message);
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
