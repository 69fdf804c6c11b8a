package dev.idaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.util.BadInputException;
import org.junit.jupiter.api.Test;

/** {@code implementation:} loads only what it may, without running anything first (issue 15 item 4). */
class JavaRuleLoadingTest {
    static String withImplementation(String className) {
        return RuleLoadingTest.GOOD.replaceAll("(?s)resources:.*", "implementation: " + className + "\n");
    }

    @Test
    void aClassOutsideTheRulePackageIsRefusedWithoutBeingInitialised() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Rule.parse(withImplementation("dev.idaudit.elsewhere.InitialisedMarker"), "x.yaml"));
        assertEquals("x.yaml:9: implementation dev.idaudit.elsewhere.InitialisedMarker: is neither in the rule's directory nor in"
                + " package dev.idaudit.rules", e.getMessage());
        assertNull(System.getProperty("idaudit.test.initialised"), "its static initialiser did not run");
    }

    @Test
    void aClassThatIsNotAJavaRuleIsRefusedWithoutBeingInitialised() {
        BadInputException e = assertThrows(BadInputException.class, () -> Rule.parse(withImplementation("java.lang.String"), "x.yaml"));
        assertEquals("x.yaml:9: implementation java.lang.String: does not implement dev.idaudit.rules.JavaRule", e.getMessage());
    }

    @Test
    void aLinkageErrorInTheInitialiserIsBadInputAtTheImplementationLine() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Rule.parse(withImplementation("dev.idaudit.rules.FailingInitialiserRule"), "x.yaml"));
        assertEquals("x.yaml:9: implementation dev.idaudit.rules.FailingInitialiserRule: cannot load: UnsatisfiedLinkError:"
                + " no idaudit_native in java.library.path", e.getMessage());
        e = assertThrows(BadInputException.class, () -> Rule.parse(withImplementation("dev.idaudit.rules.NoSuchRule"), "x.yaml"));
        assertTrue(e.getMessage().startsWith("x.yaml:9: implementation dev.idaudit.rules.NoSuchRule: cannot load: ClassNotFoundException"),
                e.getMessage());
    }
}
