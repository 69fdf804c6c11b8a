package dev.idaudit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A sandbox scenario: the state of one Okta org and one AWS Organization, as data. A scenario
 * lives in {@code src/main/resources/idaudit/scenarios/<name>/}: {@code scenario.yaml}
 * (settings and the list of planted violations), {@code okta.yaml} (read by the Okta emulator)
 * and {@code aws.yaml} (read by the AWS emulator).
 */
public record Scenario(String name, String description, Settings settings, JsonNode okta, JsonNode aws, List<Plant> plants) {

    public Scenario {
        plants = plants == null ? List.of() : List.copyOf(plants);
    }

    /**
     * @param oktaPageSize the largest page the Okta emulator returns, whatever `limit` asks for
     * @param awsPageSize the largest page the AWS emulator returns, whatever MaxResults asks for
     * @param traffic rate limits, latency, time scale and faults ({@link Traffic#NONE} unless set)
     */
    public record Settings(int oktaPageSize, int awsPageSize, Traffic traffic) {
        public static final Settings DEFAULT = new Settings(200, 100);

        public Settings {
            traffic = traffic == null ? Traffic.NONE : traffic;
        }

        public Settings(int oktaPageSize, int awsPageSize) {
            this(oktaPageSize, awsPageSize, Traffic.NONE);
        }

        public Settings withTraffic(Traffic newTraffic) {
            return new Settings(oktaPageSize, awsPageSize, newTraffic);
        }
    }

    /** Which resource of the scenario fails a rule, and which one beside it passes. */
    public record Plant(String rule, String fails, String passes, String note) {}

    public static final List<String> BUILT_IN = List.of("acme", "acme-next-week", LargeScenario.NAME);

    /** A built-in scenario: read from its resources, or generated ({@code large}). */
    public static Scenario load(String name) {
        if (name.equals(LargeScenario.NAME)) {
            return LargeScenario.builtIn();
        }
        String base = "/idaudit/scenarios/" + name + "/";
        JsonNode meta = readYaml(base + "scenario.yaml", name);
        return of(name, meta, readYaml(base + "okta.yaml", name), readYaml(base + "aws.yaml", name));
    }

    /**
     * A scenario from its three documents (built in, or a folder of the user's: {@link ScenarioDir}).
     *
     * @param meta scenario.yaml: description, settings (page sizes, traffic with faults), plants
     */
    public static Scenario of(String name, JsonNode meta, JsonNode okta, JsonNode aws) {
        Settings settings = Settings.DEFAULT;
        if (meta.has("settings")) {
            settings = new Settings(
                    meta.path("settings").path("oktaPageSize").asInt(Settings.DEFAULT.oktaPageSize()),
                    meta.path("settings").path("awsPageSize").asInt(Settings.DEFAULT.awsPageSize()),
                    Traffic.read(meta.path("settings").path("traffic"), Traffic.NONE, "scenario " + name));
        }
        List<Plant> plants;
        try {
            plants = Json.yaml().convertValue(meta.path("plants"),
                    Json.yaml().getTypeFactory().constructCollectionType(List.class, Plant.class));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("scenario " + name + ": plants: each is {rule, fails, passes, note}: " + e.getMessage(), e);
        }
        return new Scenario(name, meta.path("description").asText(""), settings, okta, aws, plants);
    }

    /** The same scenario with other page sizes: tests use tiny pages so that every list is paged. */
    public Scenario withSettings(Settings newSettings) {
        return new Scenario(name, description, newSettings, okta, aws, plants);
    }

    private static JsonNode readYaml(String resource, String scenario) {
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadInputException("unknown sandbox scenario '" + scenario + "' (built in: " + BUILT_IN + ")");
            }
            return Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new BadInputException("scenario " + scenario + ": cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
