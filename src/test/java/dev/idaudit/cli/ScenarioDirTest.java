package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario folder of the user's, served by the sandbox and collected through the real SDK clients. */
class ScenarioDirTest {
    @TempDir
    Path dir;

    /** acme's three files copied into a folder, as a user starts one. */
    private Path copyOfAcme() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("my-org"));
        for (String f : new String[] {"okta.yaml", "aws.yaml", "scenario.yaml"}) {
            try (InputStream in = getClass().getResourceAsStream("/idaudit/scenarios/acme/" + f)) {
                Files.copy(in, folder.resolve(f));
            }
        }
        return folder;
    }

    @Test
    void collectsAFolderWithItsFaultsAsTheBuiltInScenarioWould() throws Exception {
        Path folder = copyOfAcme();
        // The user's reproduction: one member account refuses every call.
        String scenario = Files.readString(folder.resolve("scenario.yaml")).replace("settings:\n", """
                settings:
                  traffic:
                    faults:
                      - {side: aws, kind: ACCESS_DENIED, operation: "*", account: "444444444444", times: -1}
                """);
        Files.writeString(folder.resolve("scenario.yaml"), scenario);
        Path out = dir.resolve("my-org.json.gz");

        CollectCommandTest.Result r = CollectCommandTest.run("collect", "--sandbox-dir", folder.toString(), "--out", out.toString(), "--quiet");

        assertEquals(3, r.code(), "the refused account makes the collection incomplete: " + r.err());
        Snapshot s = SnapshotIO.read(out);
        assertEquals("sandbox:my-org", s.metadata().source());
        assertTrue(s.collectionIssues().stream().allMatch(i -> "444444444444".equals(i.accountId())), s.collectionIssues().toString());
        assertTrue(s.collectionIssues().stream().anyMatch(i -> i.section().startsWith(Sections.AWS_MEMBER_ACCOUNTS)));
        assertTrue(s.okta().users().size() >= 10, "acme's Okta users are served from the folder");
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndLine() throws Exception {
        Path folder = copyOfAcme();
        Files.writeString(folder.resolve("okta.yaml"), "users:\n  - id: 00u1\n    status: [ACTIVE\n");
        CollectCommandTest.Result r = CollectCommandTest.run("collect", "--sandbox-dir", folder.toString(), "--out",
                dir.resolve("x.json").toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(folder.resolve("okta.yaml") + ":4: not valid YAML"), r.err());
    }

    @Test
    void whatTheAwsEmulatorRefusesNamesTheFileLineAndKey() throws Exception {
        Path folder = copyOfAcme();
        String aws = Files.readString(folder.resolve("aws.yaml"));
        // Take the organization's id away: the emulator cannot serve an organization without one.
        String broken = aws.replace("  id: o-acme00001\n", "");
        assertTrue(!broken.equals(aws));
        Files.writeString(folder.resolve("aws.yaml"), broken);
        // A block mapping starts at its first key: the line after "organization:".
        int organizationLine = (int) broken.lines().takeWhile(l -> !l.equals("organization:")).count() + 2;

        CollectCommandTest.Result r = CollectCommandTest.run("collect", "--sandbox-dir", folder.toString(), "--out",
                dir.resolve("x.json").toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(folder.resolve("aws.yaml") + ":" + organizationLine + ": organization: "), r.err());
    }

    @Test
    void anUnknownFaultKindNamesScenarioYamlAndItsLine() throws Exception {
        Path folder = copyOfAcme();
        String scenario = Files.readString(folder.resolve("scenario.yaml")).replace("settings:\n", """
                settings:
                  traffic:
                    faults:
                      - {side: aws, kind: EXPLODE, operation: "*"}
                """);
        Files.writeString(folder.resolve("scenario.yaml"), scenario);
        CollectCommandTest.Result r = CollectCommandTest.run("sandbox", "--scenario-dir", folder.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(folder.resolve("scenario.yaml") + ":") && r.err().contains("EXPLODE is not one of"), r.err());
    }

    @Test
    void aFolderWithoutAwsYamlIsAClearError() throws Exception {
        Path folder = copyOfAcme();
        Files.delete(folder.resolve("aws.yaml"));
        CollectCommandTest.Result r = CollectCommandTest.run("demo", "--scenario-dir", folder.toString(), "--out", dir.resolve("d").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(folder.resolve("aws.yaml") + ": missing"), r.err());
    }

    @Test
    void sandboxHelpNamesScenarioDir() {
        CollectCommandTest.Result r = CollectCommandTest.run("sandbox", "--help");
        assertTrue(r.out().contains("--scenario-dir=DIR"), r.out());
    }
}
