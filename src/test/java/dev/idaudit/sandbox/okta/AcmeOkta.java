package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The acme scenario's Okta side for tests, read straight from its two files (scenario.yaml for
 * the plants, okta.yaml for the org), so Okta tests do not depend on the AWS side's aws.yaml.
 */
public final class AcmeOkta {
    private AcmeOkta() {}

    /** acme with tiny pages, so that every list the collector reads is actually paged. */
    public static Scenario withPageSize(int oktaPageSize) {
        JsonNode meta = read("scenario.yaml");
        List<Scenario.Plant> plants = Json.yaml().convertValue(meta.path("plants"),
                Json.yaml().getTypeFactory().constructCollectionType(List.class, Scenario.Plant.class));
        return new Scenario("acme", meta.path("description").asText(), new Scenario.Settings(oktaPageSize, 2),
                read("okta.yaml"), null, plants);
    }

    static JsonNode read(String file) {
        try (InputStream in = AcmeOkta.class.getResourceAsStream("/idaudit/scenarios/acme/" + file)) {
            return Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
