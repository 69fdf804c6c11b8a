package dev.idaudit.collect.aws;

import dev.idaudit.collect.Collection;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.fuzz.TreeMutation;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the AWS emulator serves from a broken aws.yaml (wrong types, missing fields, 1 MB
 * strings, deep nesting), the collector through the real SDK clients answers a snapshot (with
 * collection issues for what it could not read) that SnapshotIO reads back, or a clear error,
 * never another exception. The Okta side's twin is OktaCollectorFuzzTest.
 */
class AwsCollectorFuzzTest {
    static final Scenario ACME = Scenario.load("acme");

    @Provide
    Arbitrary<TreeMutation> mutations() {
        return TreeMutation.any();
    }

    @Property(tries = 40)
    void aBrokenOrganizationIsCollectedOrAClearError(@ForAll("mutations") TreeMutation m) {
        Scenario broken = new Scenario(ACME.name(), ACME.description(), ACME.settings(), ACME.okta(), m.apply(ACME.aws()), List.of());
        AwsEmulator emulator;
        try {
            emulator = AwsEmulator.start(broken);
        } catch (BadInputException rejectedByTheEmulator) {
            Statistics.collect("rejected by the emulator");
            return; // the scenario reader's own property (AwsScenarioFuzzTest) covers its messages
        }
        try (emulator) {
            Issues issues = new Issues();
            AwsCollector collector = AwsCollector.withStaticKeys(
                    new AwsConfig(null, emulator.region(), emulator.endpoint(), null, null, null, null),
                    "AKIAIDAUDITTEST00001", Secret.of("not-checked-by-the-sandbox"), Progress.SILENT, issues);
            Snapshot collected = Collection.run("test", "fuzz", null, () -> null, collector::collect, new Collection.AwsFacts() {
                @Override
                public String callerArn() {
                    return collector.callerArn();
                }

                @Override
                public String managementAccountId() {
                    return collector.managementAccountId();
                }

                @Override
                public String region() {
                    return collector.region();
                }
            }, issues, Clock.systemUTC());
            // A hostile answer never makes the snapshot unreadable: what the collection writes, SnapshotIO reads.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotIO.write(collected, out);
            if (!collected.equals(SnapshotIO.read(new ByteArrayInputStream(out.toByteArray()), "collected.json"))) {
                throw new AssertionError("after " + m + " the snapshot read back differs from the one written");
            }
            Statistics.collect(collected.collectionIssues().isEmpty() ? "collected" : "collected with issues");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BadInputException expected) {
            Statistics.collect("a clear error");
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " the collector threw " + e, e);
        }
    }
}
