package dev.idaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    @Test
    void printsAtMostOneLinePerIntervalAndALastLineWhenDone() {
        StringWriter out = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), Duration.ofSeconds(2), now::get);
        for (int i = 0; i < 100; i++) {
            p.call("okta");
            p.items("okta", "users", 200);
        }
        assertEquals("", out.toString(), "nothing before the first interval has passed");
        now.set(Duration.ofMillis(2500).toNanos());
        p.call("okta");
        p.items("okta", "users", 200);
        p.done("okta");
        String[] lines = out.toString().split("\\R");
        assertEquals(2, lines.length, out.toString());
        assertEquals("okta: 101 calls, 20,000 users, 2.5 s", lines[0]);
        assertEquals("okta: 101 calls, 20,200 users, 2.5 s (done)", lines[1]);
    }
}
