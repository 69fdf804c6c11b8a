package dev.idaudit.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The published schema is the one the records give, and a real snapshot conforms to it. */
class SnapshotSchemaTest {
    static final Path PUBLISHED = Path.of("docs/snapshot.schema.json");

    @Test
    void publishedSchemaIsCurrent() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String generated = m.writerWithDefaultPrettyPrinter().writeValueAsString(SnapshotSchema.generate()) + "\n";
        if (Boolean.getBoolean("idaudit.regenerate")) {
            Files.createDirectories(PUBLISHED.getParent());
            Files.writeString(PUBLISHED, generated);
        }
        assertEquals(generated, Files.exists(PUBLISHED) ? Files.readString(PUBLISHED) : "",
                "docs/snapshot.schema.json is stale: run ./mvnw test -Dtest=SnapshotSchemaTest -Didaudit.regenerate=true and commit it");
    }

    @Test
    void aSnapshotValidatesAndAMisspelledFieldDoesNot() throws Exception {
        JsonSchema schema = schema();
        JsonNode doc = sampleDocument();
        Set<ValidationMessage> errors = schema.validate(doc);
        assertTrue(errors.isEmpty(), errors.toString());

        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("aws")).set("regoin", doc.get("aws").get("region"));
        assertFalse(schema.validate(doc).isEmpty(), "an unknown field must not validate");
    }

    @Test
    void anIdentifierMustBeAStringWhereANameMayBeNull() throws Exception {
        JsonSchema schema = schema();
        JsonNode doc = sampleDocument();
        ObjectNode assignment = (ObjectNode) doc.at("/aws/identityCenter/assignments/0");
        ObjectNode account = (ObjectNode) doc.at("/aws/accounts/0");

        account.putNull("name");
        assertEquals(Set.of(), schema.validate(doc), "a name may be null");
        assignment.putNull("accountId");
        account.putNull("id");
        Set<ValidationMessage> errors = schema.validate(doc);
        // (the anyOf of each enclosing record adds "object found, null expected" for it)
        assertEquals(Set.of("$.aws.accounts[0].id", "$.aws.identityCenter.assignments[0].accountId"),
                errors.stream().filter(e -> e.getMessage().contains("null found"))
                        .map(e -> e.getInstanceLocation().toString()).collect(Collectors.toSet()), errors.toString());
    }

    private static JsonSchema schema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SnapshotSchema.generate());
    }

    /** The sample snapshot (one of every record) as the JSON tree SnapshotIO writes. */
    private static JsonNode sampleDocument() throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(SampleSnapshot.sample(), out);
        return new ObjectMapper().readTree(out.toByteArray());
    }
}
