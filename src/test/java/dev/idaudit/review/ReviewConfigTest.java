package dev.idaudit.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.cli.Main;
import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code review:} in idaudit.yaml and {@code run --review}: where the campaign is, and that it must be closed. */
class ReviewConfigTest {
    @TempDir Path tmp;

    @Test
    void theConfigsReviewIsACampaignDirectoryRelativeToTheConfigFile() throws Exception {
        Path config = tmp.resolve("conf").resolve("idaudit.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "okta: {orgUrl: \"https://acme.okta.com\"}\nreview: ../reviews/2026-q4\n");
        IdAuditConfig cfg = new ConfigLoader(name -> "token").read(config);
        assertEquals(tmp.resolve("reviews/2026-q4").toAbsolutePath().normalize(), cfg.review().toAbsolutePath().normalize());
        Files.writeString(config, "okta: {orgUrl: \"https://acme.okta.com\"}\n");
        assertNull(new ConfigLoader(name -> "token").read(config).review());
    }

    @Test
    void anOpenCampaignIsRefusedAsARunsReview() throws Exception {
        Campaign open = new Campaign(Campaign.CURRENT_VERSION, "q4-1", "run", "ab", null, Instant.parse("2026-12-07T00:00:00Z"),
                LocalDate.of(2027, 1, 15), "owners.yaml", "s@x.example", List.of(), List.of(), List.of(), null);
        open.write(tmp.resolve("q4"));
        BadInputException e = assertThrows(BadInputException.class, () -> ReviewInput.load(tmp.resolve("q4")));
        assertTrue(e.getMessage().contains("the campaign q4-1 is not closed"), e.getMessage());
    }

    @Test
    void runListsTheReviewOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), "run", "--help");
        assertEquals(0, exit);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--review=DIR"), out.toString(StandardCharsets.UTF_8));
    }
}
