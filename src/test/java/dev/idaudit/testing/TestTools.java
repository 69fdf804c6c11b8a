package dev.idaudit.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The programs the tests drive (moto_server, Chromium, ChromeDriver, soffice, pdftotext), where the test command found
 * or installed them: {@code ./mvnw test} runs build/test-tools.sh first, and surefire passes what it
 * chose as the system property {@code idaudit.test.NAME}. Run some other way (an IDE), a test
 * looks on PATH. A missing tool fails the test with the command that sets it up; it never skips.
 */
public final class TestTools {
    private TestTools() {}

    public static Path executable(String name) {
        String chosen = System.getProperty("idaudit.test." + name);
        if (chosen != null) {
            Path path = Path.of(chosen);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new IllegalStateException(name + " is gone from " + chosen + ", where build/test-tools.sh found it: run ./mvnw test again to set it up");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(name + " is not on PATH: run the tests with ./mvnw test, which finds or installs it (README, Quick start)");
    }
}
