package dev.idaudit.drift;

import dev.idaudit.snapshot.Snapshot;

/** The acme test snapshots, for tests of other packages (the CLI). */
public final class CliSnapshots {
    private CliSnapshots() {}

    public static Snapshot acme() {
        return new AcmeSnapshot().build();
    }

    public static Snapshot acmeWithoutMallorysAssignment() {
        AcmeSnapshot acme = new AcmeSnapshot();
        acme.assignments.removeIf(a -> a.principalType().equals("USER"));
        return acme.build();
    }
}
