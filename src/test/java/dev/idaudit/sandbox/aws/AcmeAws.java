package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The acme scenario's AWS side for tests, read straight from the resources so that these tests
 * need only aws.yaml (the Okta side is another emulator's business).
 */
public final class AcmeAws {
    private AcmeAws() {}

    static JsonNode awsYaml() {
        return readYaml("/idaudit/scenarios/acme/aws.yaml");
    }

    static List<Scenario.Plant> plants() {
        JsonNode meta = readYaml("/idaudit/scenarios/acme/scenario.yaml");
        return Json.yaml().convertValue(meta.path("plants"),
                Json.yaml().getTypeFactory().constructCollectionType(List.class, Scenario.Plant.class));
    }

    /** acme with every AWS list capped at {@code pageSize} items per page. */
    public static Scenario scenario(int pageSize) {
        return scenario(pageSize, aws -> { });
    }

    /** acme with its aws.yaml changed by {@code edit} first. */
    public static Scenario scenario(int pageSize, Consumer<ObjectNode> edit) {
        ObjectNode aws = (ObjectNode) awsYaml().deepCopy();
        edit.accept(aws);
        return new Scenario("acme", "acme (AWS side)", new Scenario.Settings(200, pageSize), NullNode.getInstance(), aws, plants());
    }

    private static JsonNode readYaml(String resource) {
        try (InputStream in = AcmeAws.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return Json.yaml().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
