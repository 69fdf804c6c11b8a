package dev.idaudit.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idaudit.config.ConfigLoader;
import dev.idaudit.drift.SnapshotDiff;
import dev.idaudit.model.AuditModel;
import dev.idaudit.rules.RuleEngine;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.snapshot.SampleSnapshot;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile and broken input to the readers: whatever the bytes, the answer is a value or a
 * BadInputException (exit 2, a clear message), never another exception or a hang.
 */
class ReaderFuzzTest {
    private static final String VALID_CONFIG = """
            okta:
              orgUrl: https://acme.okta.com
              appId: 0oa1
            aws:
              region: us-east-1
              memberRole: IdAuditReadOnly
              accounts:
                include: ["222222222222"]
            rules:
              params:
                some_rule: {maxSessionHours: 8, groups: [a, b]}
              disabled: [x]
              severity: {y: high}
            """;

    private static final byte[] VALID_SNAPSHOT = snapshotBytes();

    private static byte[] snapshotBytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotIO.write(SampleSnapshot.sample(), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> mutatedConfigs() {
        Arbitrary<String> tokens = Arbitraries.of(":", "- ", "[", "]", "{", "}", "\n", "  ", "&a ", "*a", "!!binary ", "\"", "'",
                "~", "null", "12", "-1", "true", "okta", "orgUrl", "http://10.0.0.1", "\t", "#", "? ", "|", ">", "%", "@", "`");
        return Arbitraries.integers().between(0, VALID_CONFIG.length()).flatMap(pos -> Arbitraries.integers().between(0, 20)
                .flatMap(cut -> tokens.list().ofMaxSize(4).map(ins -> VALID_CONFIG.substring(0, pos) + String.join("", ins)
                        + VALID_CONFIG.substring(Math.min(VALID_CONFIG.length(), pos + cut)))));
    }

    @Property(tries = 400)
    void configReaderAnswersAValueOrAClearError(@ForAll("mutatedConfigs") String yaml) throws IOException {
        Path dir = Files.createTempDirectory("fuzz");
        Path f = dir.resolve("idaudit.yaml");
        Files.writeString(f, yaml);
        try {
            new ConfigLoader(Map.of("OKTA_API_TOKEN", "tok")::get).read(f);
        } catch (BadInputException e) {
            if (!e.getMessage().startsWith(f.toString())) {
                throw new AssertionError("error does not name the file: " + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        }
    }

    @Property(tries = 300)
    void configReaderSurvivesArbitraryBytes(@ForAll byte[] bytes) throws IOException {
        Path dir = Files.createTempDirectory("fuzz");
        Path f = dir.resolve("idaudit.yaml");
        Files.write(f, bytes);
        try {
            new ConfigLoader(name -> null).read(f);
        } catch (BadInputException expected) {
            // the one acceptable failure
        } finally {
            Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        }
    }

    @Provide
    Arbitrary<TreeMutation> treeMutations() {
        return TreeMutation.any();
    }

    /**
     * A field or list element of the snapshot nulled, removed or given another type: the reader
     * answers a clear error, or a snapshot that the audit model, the rules and the diff can use.
     */
    @Property(tries = 300)
    void aSnapshotWithAFieldNulledRemovedOrRetypedIsAClearErrorOrUsable(@ForAll("treeMutations") TreeMutation m) throws IOException {
        byte[] input = JSON.writeValueAsBytes(m.apply(JSON.readTree(VALID_SNAPSHOT)));
        Snapshot read;
        try {
            read = SnapshotIO.read(new ByteArrayInputStream(input), "fuzz.json");
        } catch (BadInputException expected) {
            if (!expected.getMessage().startsWith("fuzz.json: ")) {
                throw new AssertionError("after " + m + " the error does not name the file: " + expected.getMessage());
            }
            return;
        }
        try {
            RULES.check(AuditModel.of(read), Waivers.NONE, LocalDate.of(2026, 11, 28));
            SnapshotDiff.compare(SampleSnapshot.sample(), read);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " a snapshot that was read could not be used: " + e, e);
        }
    }

    /** Writes the deep nesting of a mutation too (past Jackson's default 1000 levels): the reader is what must refuse it. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(100_000).build()).build());
    private static final RuleEngine RULES = new RuleEngine(RulePack.builtIn());

    @Property(tries = 300)
    void snapshotReaderAnswersASnapshotOrAClearError(
            @ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll @IntRange(min = 0, max = 255) int value,
            @ForAll @IntRange(min = 0, max = 2) int mode) {
        byte[] data = VALID_SNAPSHOT.clone();
        int at = position % data.length;
        byte[] input = switch (mode) {
            case 0 -> java.util.Arrays.copyOf(data, at); // truncated
            case 1 -> { data[at] = (byte) value; yield data; } // one byte changed
            default -> new String(data, StandardCharsets.UTF_8).replaceFirst("\"ACTIVE\"", value % 2 == 0 ? "42" : "[]")
                    .getBytes(StandardCharsets.UTF_8); // wrong type
        };
        try {
            SnapshotIO.read(new ByteArrayInputStream(input), "fuzz.json");
        } catch (BadInputException expected) {
            if (!expected.getMessage().startsWith("fuzz.json")) {
                throw new AssertionError("error does not name the file: " + expected.getMessage());
            }
        }
    }
}
