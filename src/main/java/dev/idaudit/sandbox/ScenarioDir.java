package dev.idaudit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import dev.idaudit.util.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario in a folder of the user's, laid out like the built-in ones: {@code okta.yaml} and
 * {@code aws.yaml} (required) and {@code scenario.yaml} (optional: description, page sizes,
 * traffic and faults). So a user can reproduce a problem, or the shape of their own org, with no
 * credentials. Every error names the file and, where the YAML has it, the line.
 */
public final class ScenarioDir {
    private ScenarioDir() {}

    public static final String SCENARIO = "scenario.yaml";
    public static final String OKTA = "okta.yaml";
    public static final String AWS = "aws.yaml";

    /** Reads the folder: YAML syntax, anchors (refused) and traffic settings are checked here. */
    public static Scenario load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a directory (a scenario folder holds " + OKTA + ", " + AWS + " and optionally "
                    + SCENARIO + ")");
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "scenario" : dir.toAbsolutePath().normalize().getFileName().toString();
        JsonNode okta = read(dir.resolve(OKTA), true);
        JsonNode aws = read(dir.resolve(AWS), true);
        Path scenarioFile = dir.resolve(SCENARIO);
        JsonNode meta = Files.exists(scenarioFile) ? read(scenarioFile, false) : Json.yaml().createObjectNode();
        try {
            return Scenario.of(name, meta, okta, aws);
        } catch (BadInputException | IllegalArgumentException e) {
            throw located(dir, name, e);
        }
    }

    /** Starts the sandbox on the folder; what the emulators refuse in it is an error with file and line. */
    public static Sandbox start(Path dir) {
        Scenario scenario = load(dir);
        try {
            return Sandbox.start(scenario);
        } catch (BadInputException e) {
            throw located(dir, scenario.name(), e);
        }
    }

    private static JsonNode read(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new BadInputException(file + ": missing (a scenario folder holds " + OKTA + ", " + AWS + " and optionally "
                        + SCENARIO + ")");
            }
            return Json.yaml().createObjectNode();
        }
        // Syntax first, with the line: Jackson would say less.
        YamlFile.read(file);
        try {
            JsonNode node = Json.yaml().readTree(file.toFile());
            return node == null || node.isMissingNode() ? Json.yaml().createObjectNode() : node;
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** "scenario NAME aws.yaml: accounts[2]: 'id' is missing" (emulators) or "scenario NAME: ..." (settings). */
    private static final Pattern IN_FILE = Pattern.compile("^scenario (.+?):? (okta\\.yaml|aws\\.yaml):? (.*)$", Pattern.DOTALL);
    private static final Pattern PATH = Pattern.compile("^([A-Za-z0-9_.\\[\\]-]+): (.*)$", Pattern.DOTALL);

    /** The emulators' and settings' messages name a scenario and a path inside a file; this names the file and line. */
    static BadInputException located(Path dir, String name, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher m = IN_FILE.matcher(message);
        if (m.matches() && m.group(1).equals(name)) {
            Path file = dir.resolve(m.group(2));
            String rest = m.group(3);
            Matcher p = PATH.matcher(rest);
            if (p.matches()) {
                return new BadInputException(file + ":" + line(file, p.group(1)) + ": " + p.group(1) + ": " + p.group(2), e);
            }
            return new BadInputException(file + ": " + rest, e);
        }
        String prefix = "scenario " + name + ": ";
        if (message.startsWith(prefix)) {
            Path file = dir.resolve(SCENARIO);
            String rest = message.substring(prefix.length());
            Matcher p = PATH.matcher(rest);
            String path = p.matches() ? (p.group(1).startsWith("traffic") ? "settings." + p.group(1) : p.group(1)) : "settings.traffic";
            return new BadInputException(file + ":" + line(file, path) + ": " + rest, e);
        }
        return new BadInputException(dir + ": " + message, e);
    }

    /**
     * The line of a dotted path such as {@code accounts[2].roles[0]} in a YAML file: of the
     * deepest part of it that is there (a missing key is reported at its parent), 1 when none is.
     */
    static int line(Path file, String path) {
        if (!Files.isRegularFile(file)) {
            return 1;
        }
        YamlFile.Entry at = YamlFile.read(file);
        int line = 1;
        for (String part : path.split("\\.")) {
            Matcher indexed = Pattern.compile("^([^\\[]*)((?:\\[\\d+])*)$").matcher(part);
            if (!indexed.matches()) {
                return line;
            }
            try {
                if (!indexed.group(1).isEmpty()) {
                    YamlFile.Entry child = at.mapping().get(indexed.group(1));
                    if (child == null) {
                        return line;
                    }
                    at = child;
                    line = at.line();
                }
                Matcher i = Pattern.compile("\\[(\\d+)]").matcher(indexed.group(2));
                while (i.find()) {
                    List<YamlFile.Entry> items = at.list();
                    int n = Integer.parseInt(i.group(1));
                    if (n >= items.size()) {
                        return line;
                    }
                    at = items.get(n);
                    line = at.line();
                }
            } catch (BadInputException notThatShape) {
                return line;
            }
        }
        return line;
    }
}
