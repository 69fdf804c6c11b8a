package dev.idaudit.snapshot;

import java.time.Instant;

/**
 * Where and when a snapshot was taken.
 *
 * @param source "live" for a real org, "sandbox:&lt;scenario&gt;" for the built-in sandbox
 */
public record Metadata(
        String toolVersion,
        Instant startedAt,
        Instant finishedAt,
        String source,
        String oktaOrgUrl,
        String awsCallerArn,
        String managementAccountId,
        String region) {}
