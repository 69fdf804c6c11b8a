package dev.idaudit.collect.okta;

import dev.idaudit.collect.Collection;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.fuzz.TreeMutation;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the Okta emulator serves from a broken okta.yaml (wrong types, missing fields, 1 MB
 * strings, deep nesting), the collector through the real SDK answers a snapshot (with collection
 * issues for what it could not read) that SnapshotIO reads back, or a clear error, never another exception.
 */
class OktaCollectorFuzzTest {
    static final Scenario ACME = Scenario.load("acme");

    @Provide
    Arbitrary<TreeMutation> mutations() {
        return TreeMutation.any();
    }

    @Property(tries = 60)
    void aBrokenOrgIsCollectedOrAClearError(@ForAll("mutations") TreeMutation m) {
        Scenario broken = new Scenario(ACME.name(), ACME.description(), ACME.settings(), m.apply(ACME.okta()), null, ACME.plants());
        OktaEmulator emulator;
        try {
            emulator = OktaEmulator.start(broken);
        } catch (BadInputException rejectedByTheEmulator) {
            return; // the scenario reader's own property covers its messages
        }
        try (emulator) {
            Issues issues = new Issues();
            OktaCollector collector = new OktaCollector(OktaCollectorTest.tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues);
            Snapshot collected = Collection.run("test", "fuzz", emulator.baseUrl().toString(), collector::collect, () -> null,
                    OktaCollectorTest.NO_AWS, issues, Clock.systemUTC());
            // A hostile answer never makes the snapshot unreadable: what the collection writes, SnapshotIO reads.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotIO.write(collected, out);
            if (!collected.equals(SnapshotIO.read(new ByteArrayInputStream(out.toByteArray()), "collected.json"))) {
                throw new AssertionError("after " + m + " the snapshot read back differs from the one written");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BadInputException expected) {
            // a clear error
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " the collector threw " + e, e);
        }
    }
}
