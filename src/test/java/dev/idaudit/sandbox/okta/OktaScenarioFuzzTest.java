package dev.idaudit.sandbox.okta;

import dev.idaudit.fuzz.TreeMutation;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.util.BadInputException;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The Okta emulator's reader of a scenario's okta.yaml: a broken tree is a clear error naming the file, never a crash. */
class OktaScenarioFuzzTest {
    static final Scenario ACME = Scenario.load("acme");

    @Provide
    Arbitrary<TreeMutation> mutations() {
        return TreeMutation.any();
    }

    @Property(tries = 400)
    void aBrokenOktaYamlIsAnOrgOrAClearError(@ForAll("mutations") TreeMutation m) {
        try {
            OktaOrg.from("fuzz", m.apply(ACME.okta()), Instant.parse("2026-11-28T00:00:00Z"));
        } catch (BadInputException e) {
            if (!e.getMessage().startsWith("scenario fuzz") || !e.getMessage().contains("okta.yaml")) {
                throw new AssertionError("after " + m + " the error does not name the scenario file: " + e.getMessage(), e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " the reader threw " + e, e);
        }
    }
}
