package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** check --baseline: the gate fails only on what is new since an accepted earlier check. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaselineGateTest {
    private Path dir;

    private Path acmeFindings;
    private Path nextWeek;

    @BeforeAll
    void collectBothWeeks(@TempDir Path tempDir) {
        dir = tempDir;
        Path acme = dir.resolve("acme.json.gz");
        nextWeek = dir.resolve("next.json.gz");
        CollectCommandTest.run("collect", "--sandbox", "acme", "--quiet", "--out", acme.toString());
        CollectCommandTest.run("collect", "--sandbox", "acme-next-week", "--quiet", "--out", nextWeek.toString());
        acmeFindings = dir.resolve("acme-findings.json");
        CollectCommandTest.run("check", "--snapshot", acme.toString(), "--fail-on", "none", "--out", acmeFindings.toString());
    }

    @Test
    void withoutABaselineTheOldFailuresFailTheGate() {
        CollectCommandTest.Result r = CollectCommandTest.run("check", "--snapshot", nextWeek.toString(), "--fail-on", "high");
        assertEquals(1, r.code(), r.out());
    }

    @Test
    void withTheLastWeeksFindingsAsBaselineOnlyTheNewFailuresCount() {
        CollectCommandTest.Result r = CollectCommandTest.run("check", "--snapshot", nextWeek.toString(), "--fail-on", "high",
                "--baseline", acmeFindings.toString());
        assertEquals(1, r.code(), r.out());
        // Next week: bob deprovisioned (critical, high) and carol given admin by hand (high): new, so they gate.
        assertTrue(r.out().contains("new failures at or above high (not in the baseline)"), r.out());
        assertTrue(r.out().contains("bob@acme.example"), "the summary still lists every failure: " + r.out());
    }

    @Test
    void aBaselineThatAlreadyHasEveryFailurePassesTheGate() {
        CollectCommandTest.Result r = CollectCommandTest.run("check", "--snapshot", dir.resolve("acme.json.gz").toString(),
                "--fail-on", "high", "--baseline", acmeFindings.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("OK: no new failures at or above high (not in the baseline)"), r.out());
        assertTrue(r.out().contains("dave@acme.example"), "old failures are still listed: " + r.out());
    }

    @Test
    void aMissingBaselineIsAClearError() {
        CollectCommandTest.Result r = CollectCommandTest.run("check", "--snapshot", nextWeek.toString(), "--baseline",
                dir.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no findings.json to use as the baseline"), r.err());
    }
}
