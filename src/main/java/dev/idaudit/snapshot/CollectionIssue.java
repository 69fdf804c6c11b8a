package dev.idaudit.snapshot;

/**
 * One gap in what was collected. A rule that needs {@code section} (for {@code accountId},
 * {@code appId} or {@code permissionSetArn}, when set) is NOT_EVALUATED instead of passing on
 * missing data.
 *
 * <p>The issues are the snapshot's one record of completeness: a section with no issue that
 * covers it (see {@link Completeness}) was read completely; every issue says what is missing,
 * why, and for which scope. A section read through another list (assignments per principal,
 * memberships per group, member accounts from the account list) has issues of its own when that
 * list was partial, naming it in {@code inheritedFrom}; so a reader need not know how the
 * collector chose what to read.
 *
 * @param section one of {@link Sections}, e.g. {@code aws.identityCenter.provisioningRequests}
 * @param accountId the member account concerned, or null when the issue is not per account
 * @param appId the Okta app concerned (e.g. /apps/{id}/features refused for that app), or null
 * @param api the call that failed, as {@code service:Operation} or {@code GET /api/v1/...}
 * @param error the vendor's error code or HTTP status, e.g. {@code AccessDenied}, {@code 404};
 *        or what the collector found: {@link #REPEATED_PAGE_TOKEN}, {@link #READ_THROUGH_PARTIAL_LIST},
 *        {@link #MISSING_FROM_LIST}
 * @param message a human-readable explanation (never contains a secret)
 * @param permissionSetArn the permission set concerned, or null when the issue is not per permission set
 * @param inheritedFrom where the gap comes from, when not from this section's own call: the list
 *        this section was read through ({@link #READ_THROUGH_PARTIAL_LIST}), or the section whose
 *        records a cross-check found missing from this one ({@link #MISSING_FROM_LIST}); else null
 * @param pagesRead how many pages of the list were read and kept before it stopped; null when
 *        nothing of it was kept (the call failed) or it is not a paged list
 */
public record CollectionIssue(@Required String section, String accountId, String appId, String api, String error, String message,
                              String permissionSetArn, String inheritedFrom, Integer pagesRead) {

    /** The service repeated a next-page cursor: the list was read up to there (see {@link #pagesRead()}). */
    public static final String REPEATED_PAGE_TOKEN = "RepeatedPageToken";

    /** The section and, where the issue is narrower, its account or app: {@code aws.memberAccounts (account 2222…)}. */
    public String scope() {
        return section + (accountId != null ? " (account " + accountId + ")" : "") + (appId != null ? " (app " + appId + ")" : "");
    }
    /** This section was read through a list that was itself partial: what that list missed, this one missed too. */
    public static final String READ_THROUGH_PARTIAL_LIST = "ReadThroughPartialList";
    /** A cross-check found a record that a list should have held and did not: that list is incomplete. */
    public static final String MISSING_FROM_LIST = "MissingFromList";

    /** An issue of the section's own call, with no permission set scope. */
    public CollectionIssue(String section, String accountId, String appId, String api, String error, String message) {
        this(section, accountId, appId, api, error, message, null, null, null);
    }
}
