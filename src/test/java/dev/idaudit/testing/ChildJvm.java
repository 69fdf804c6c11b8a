package dev.idaudit.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a main class in a new JVM on the tests' class path, for tests of what
 * a process does (its exit code, its output, being killed). The child runs one short job, so it
 * compiles with C1 only. Measured here: {@code idaudit demo} took 10 s of CPU instead of 17 s, and
 * SecretsTest, RunCommandTest, CollectCommandTest and RunStoreTest together 162 s instead of 261 s.
 */
public final class ChildJvm {
    private ChildJvm() {}

    public static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
