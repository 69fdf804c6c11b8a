package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for text reports, kept in src/test/resources beside the test's package. Run
 * with {@code -Didaudit.updateGolden=true} to rewrite them after an intended change, then
 * review the diff like code.
 */
public final class Golden {
    private Golden() {}

    public static void assertMatches(Class<?> test, String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources", test.getPackageName().replace('.', '/'), name);
        if (Boolean.getBoolean("idaudit.updateGolden") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            if (!Boolean.getBoolean("idaudit.updateGolden")) {
                throw new AssertionError("golden file " + file + " did not exist: written now, review it and run again");
            }
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden file " + file);
    }
}
