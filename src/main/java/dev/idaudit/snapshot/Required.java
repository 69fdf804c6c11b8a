package dev.idaudit.snapshot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component that every reader of the snapshot relies on: a record's identifier or a join key
 * (an Okta user's id, an assignment's accountId...). The vendors' APIs always return these, and
 * without one the record cannot be told apart or joined, so it is never null:
 * {@link SnapshotIO#read} refuses a snapshot that lacks one (naming the JSON path), the
 * collection leaves out a record an API answered without one (with a collection issue, see
 * {@link RequiredComponents#withoutIncompleteRecords}), and the published JSON Schema types it as
 * a string without null. Names, dates, emails and statuses are not required: real APIs omit them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {}
