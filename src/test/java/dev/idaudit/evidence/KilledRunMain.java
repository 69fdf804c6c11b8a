package dev.idaudit.evidence;

import java.nio.file.Path;
import java.time.Instant;

/** A process that starts a run, writes part of it, says so, and waits to be killed. */
public final class KilledRunMain {
    public static void main(String[] args) throws Exception {
        RunWriter run = RunStore.at(Path.of(args[0])).begin(Instant.parse("2026-11-28T04:00:00Z"));
        run.write("snapshot.json.gz", new byte[4096]);
        System.out.println("written");
        System.out.flush();
        Thread.sleep(120_000); // killed long before; bounded so a stray child cannot live on
    }
}
