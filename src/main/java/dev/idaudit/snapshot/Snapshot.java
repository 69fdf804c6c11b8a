package dev.idaudit.snapshot;

import java.util.List;

/**
 * Everything one collection read from Okta and AWS, as it was read. The snapshot is the
 * contract between the collectors and everything downstream: {@code check}, {@code diff}
 * and the reports read nothing else. Custom rules are written against these field names
 * (docs/snapshot.schema.json), so renaming a field is a schema change.
 *
 * <p>What could not be read is listed in {@link #collectionIssues()}; an empty list in a
 * section whose issue is recorded means "unknown", never "none".
 */
public record Snapshot(
        int schemaVersion,
        Metadata metadata,
        OktaSnapshot okta,
        AwsSnapshot aws,
        List<CollectionIssue> collectionIssues) {

    /**
     * The version this build writes and the newest it reads. 2 added what an {@code amazon_aws_sso}
     * app documents about itself (its {@code features}, the refused {@code /features}, its
     * {@code credentials.signing.kid}) and sign-on rules' verification methods, and lets a
     * collection issue carry a permission set scope, the section it inherits its gap from, and the
     * pages read before a list stopped. A version 1 snapshot reads with those unknown (null), and
     * with the gaps its collector left unrecorded ({@link Completeness#withVersionOneInheritedGaps}).
     */
    public static final int CURRENT_SCHEMA_VERSION = 2;

    public Snapshot {
        collectionIssues = Lists.copy(collectionIssues);
    }

    /** True when any part of {@code section} (or a section containing it) could not be collected. */
    public boolean isIncomplete(String section) {
        return collectionIssues.stream().anyMatch(i -> Sections.overlaps(i.section(), section));
    }
}
