package dev.idaudit.sandbox.aws;

import dev.idaudit.fuzz.TreeMutation;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.util.BadInputException;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The AWS emulator's reader of a scenario's aws.yaml: a broken tree is a clear error naming the file, never a crash. */
class AwsScenarioFuzzTest {
    static final Scenario ACME = Scenario.load("acme");

    @Provide
    Arbitrary<TreeMutation> mutations() {
        return TreeMutation.any();
    }

    @Property(tries = 400)
    void aBrokenAwsYamlIsAWorldOrAClearError(@ForAll("mutations") TreeMutation m) {
        try {
            AwsWorld.read("fuzz", m.apply(ACME.aws()), Instant.parse("2026-11-28T00:00:00Z"));
        } catch (BadInputException e) {
            if (!e.getMessage().startsWith("scenario fuzz") || !e.getMessage().contains("aws.yaml")) {
                throw new AssertionError("after " + m + " the error does not name the scenario file: " + e.getMessage(), e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " the reader threw " + e, e);
        }
    }
}
