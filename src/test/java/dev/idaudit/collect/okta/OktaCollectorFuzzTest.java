package dev.idaudit.collect.okta;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.fuzz.TreeMutation;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.util.BadInputException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the Okta emulator serves from a broken okta.yaml (wrong types, missing fields, 1 MB
 * strings, deep nesting), the collector through the real SDK answers a snapshot (with collection
 * issues for what it could not read) or a clear error, never another exception.
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
            new OktaCollector(OktaCollectorTest.tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, new Issues()).collect();
        } catch (BadInputException expected) {
            // a clear error
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " the collector threw " + e, e);
        }
    }
}
