package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.Json;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchPrintsOneJsonObjectWithEveryStageAndTheCallsOfEachBucket() throws Exception {
        CollectCommandTest.Result r = CollectCommandTest.run("sandbox", "bench", "--scenario", "acme");
        assertEquals(0, r.code(), r.err());
        JsonNode out = Json.json().readTree(r.out());
        JsonNode collect = out.path("collect");
        assertTrue(collect.path("wallSeconds").asDouble() > 0);
        assertTrue(collect.path("peakHeapMb").asLong() > 0);
        JsonNode buckets = collect.path("buckets");
        for (String bucket : new String[] {"okta:users", "okta:apps", "aws:identity-center", "aws:iam", "aws:organizations"}) {
            JsonNode b = buckets.path(bucket);
            assertTrue(b.path("calls").asInt() > 0, bucket + ": " + buckets);
            assertTrue(b.path("ratePerSecond").asDouble() > 0, bucket);
        }
        // the collector counts every attempt it makes; the emulators every call they receive
        assertEquals(buckets.path("aws:identity-center").path("callsSeenByServer").asInt(),
                buckets.path("aws:identity-center").path("calls").asInt());
        assertEquals(buckets.path("okta:users").path("callsSeenByServer").asInt(), buckets.path("okta:users").path("calls").asInt());
        assertTrue(collect.path("busiestBucket").isTextual());
        assertTrue(out.path("check").path("findings").asInt() > 0);
        assertTrue(out.path("reports").path("bytes").asLong() > 0);
        // the two formats' shares of the reports' time, each measured
        assertTrue(out.path("reports").path("htmlSeconds").asDouble() > 0 && out.path("reports").path("xlsxSeconds").asDouble() > 0);
        assertTrue(out.path("reports").path("htmlSeconds").asDouble() + out.path("reports").path("xlsxSeconds").asDouble()
                <= out.path("reports").path("wallSeconds").asDouble() + 0.01);
        assertEquals(out.path("collect").path("identityCenterMinimumCalls").path("minimum").asInt(),
                out.path("collect").path("identityCenterMinimumCalls").path("made").asInt(),
                "acme's Identity Center is read with the fewest calls its pages allow");
    }
}
