package dev.idaudit.drift;

import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;

/** The acme test snapshots, for tests of other packages (the CLI). */
public final class CliSnapshots {
    private CliSnapshots() {}

    public static Snapshot acme() {
        return new AcmeSnapshot().build();
    }

    public static Snapshot acmeWithoutMallorysAssignment() {
        return withoutMallorysAssignment(new AcmeSnapshot()).build();
    }

    /** No drift against acme.tfstate, but the assignments of one account could not be listed. */
    public static Snapshot acmeWithoutMallorysAssignmentAndWithAssignmentsUncollected() {
        AcmeSnapshot acme = withoutMallorysAssignment(new AcmeSnapshot());
        acme.issues.add(new CollectionIssue(Sections.AWS_IDC_ASSIGNMENTS, "222222222222", null, "sso:ListAccountAssignments",
                "ThrottlingException", "gave up after 5 attempts"));
        return acme.build();
    }

    private static AcmeSnapshot withoutMallorysAssignment(AcmeSnapshot acme) {
        acme.assignments.removeIf(a -> a.principalType().equals("USER"));
        return acme;
    }
}
