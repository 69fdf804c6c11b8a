package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameworksTest {

    @Test
    void requirementsSortByTheirNumbersNotAsText() {
        List<String> ids = new ArrayList<>(List.of("1.10", "AC-2(3)", "1.4", "A.5.18", "AC-10", "AC-2", "1.14", "A.5.3", "CC6.1",
                "AC-2(12)", "CC6.10", "CC10.1"));
        ids.sort(Frameworks.NATURAL);
        assertEquals(List.of("1.4", "1.10", "1.14", "A.5.3", "A.5.18", "AC-2", "AC-2(3)", "AC-2(12)", "AC-10", "CC6.1", "CC6.10",
                "CC10.1"), ids);
    }
}
