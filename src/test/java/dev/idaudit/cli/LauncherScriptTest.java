package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/idaudit, the launcher the README uses: it runs target/idaudit.jar of the checkout it lives
 * in (also through a symbolic link), and says how to build the jar when it is missing.
 */
class LauncherScriptTest {
    @TempDir
    static Path dir;

    /** A copy of the checkout's layout: bin/idaudit, and target/ for the jar. */
    static Path checkout;

    @BeforeAll
    static void layout() throws Exception {
        // Asserted, never assumed: a CI machine without a shell must fail here, not skip the launcher's tests.
        assertTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell runs the launcher");
        checkout = dir.resolve("idaudit-checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(Path.of("bin/idaudit"), checkout.resolve("bin/idaudit"));
        assertTrue(Files.isExecutable(Path.of("bin/idaudit")), "bin/idaudit is executable in the repository");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Path script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out, err);
    }

    @Test
    void withoutTheJarItSaysHowToBuildItAndExits2() throws Exception {
        Files.deleteIfExists(checkout.resolve("target/idaudit.jar"));
        Result r = run(checkout.resolve("bin/idaudit"), "demo");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(checkout.resolve("target/idaudit.jar") + " is not built yet")
                && r.err().contains("./mvnw -q -B -DskipTests package"), r.err());
    }

    @Test
    void runsTheJarBesideItsBinDirectoryWithTheArgumentsAlsoThroughASymlink() throws Exception {
        // A stand-in for idaudit.jar: a main class that prints its arguments.
        Path src = dir.resolve("src/Echo.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Echo { public static void main(String[] a) { System.out.print(String.join(\"|\", a)); } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.resolve("classes").toString(), src.toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        Files.createDirectories(checkout.resolve("target"));
        try (OutputStream f = Files.newOutputStream(checkout.resolve("target/idaudit.jar"));
                JarOutputStream jar = new JarOutputStream(f, manifest)) {
            jar.putNextEntry(new JarEntry("Echo.class"));
            jar.write(Files.readAllBytes(dir.resolve("classes/Echo.class")));
            jar.closeEntry();
        }

        assertEquals(new Result(0, "check|--snapshot|a b.json", ""), run(checkout.resolve("bin/idaudit"), "check", "--snapshot", "a b.json"));

        Path link = Files.createDirectories(dir.resolve("elsewhere")).resolve("idaudit");
        Files.createSymbolicLink(link, checkout.resolve("bin/idaudit"));
        assertEquals(new Result(0, "--version", ""), run(link, "--version"));
    }
}
