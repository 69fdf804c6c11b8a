package dev.idaudit.snapshot;

/**
 * One thing that could not be collected. A rule that needs {@code section} (for
 * {@code accountId} or {@code appId}, when set) is NOT_EVALUATED instead of passing on missing data.
 *
 * @param section one of {@link Sections}, e.g. {@code aws.identityCenter.provisioningRequests}
 * @param accountId the member account concerned, or null when the issue is not per account
 * @param appId the Okta app concerned (e.g. /apps/{id}/features refused for that app), or null
 * @param api the call that failed, as {@code service:Operation} or {@code GET /api/v1/...}
 * @param error the vendor's error code or HTTP status, e.g. {@code AccessDenied}, {@code 404}
 * @param message a human-readable explanation (never contains a secret)
 */
public record CollectionIssue(@Required String section, String accountId, String appId, String api, String error, String message) {}
