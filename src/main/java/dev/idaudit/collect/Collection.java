package dev.idaudit.collect;

import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.Metadata;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.RequiredComponents;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.BadInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One collection: Okta and AWS read side by side (they share no rate limit), assembled into a
 * snapshot. A side that fails as a whole (bad credentials, unreachable endpoint) is recorded as
 * a collection issue and left out, so the rest is still checked and nothing of that side can
 * pass; only bad input (a config error) stops the collection. A record that an API answered
 * without an identifier is left out the same way ({@link RequiredComponents#withoutIncompleteRecords}).
 */
public final class Collection {
    private Collection() {}

    /** What the AWS side tells the metadata, once it has collected. */
    public interface AwsFacts {
        String callerArn();

        String managementAccountId();

        String region();
    }

    public static Snapshot run(
            String toolVersion,
            String source,
            String oktaOrgUrl,
            Supplier<OktaSnapshot> okta,
            Supplier<AwsSnapshot> aws,
            AwsFacts awsFacts,
            Issues issues,
            Clock clock) {
        Instant started = clock.instant();
        CompletableFuture<OktaSnapshot> oktaSide = CompletableFuture.supplyAsync(() -> side(Sections.OKTA, "okta", okta, issues));
        AwsSnapshot awsSnapshot = side(Sections.AWS, "aws", aws, issues);
        OktaSnapshot oktaSnapshot;
        try {
            oktaSnapshot = oktaSide.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Metadata metadata = new Metadata(toolVersion, started, clock.instant(), source, oktaOrgUrl,
                awsFacts.callerArn(), awsFacts.managementAccountId(), awsFacts.region());
        // A record an API answered without its id is left out (with an issue), so the snapshot written can be read.
        return RequiredComponents.withoutIncompleteRecords(
                new Snapshot(Snapshot.CURRENT_SCHEMA_VERSION, metadata, oktaSnapshot, awsSnapshot, issues.list()));
    }

    private static <T> T side(String section, String api, Supplier<T> read, Issues issues) {
        try {
            return read.get();
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            issues.add(section, null, api, e.getClass().getSimpleName(),
                    "nothing of " + api + " could be collected: " + e.getMessage());
            return null;
        }
    }
}
