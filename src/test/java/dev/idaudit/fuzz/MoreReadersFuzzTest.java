package dev.idaudit.fuzz;

import dev.idaudit.cli.Main;
import dev.idaudit.drift.DesiredYaml;
import dev.idaudit.drift.TerraformState;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RulePack;
import dev.idaudit.rules.RuleTests;
import dev.idaudit.rules.Waivers;
import dev.idaudit.snapshot.SampleSnapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every reader of a user-supplied file other than config and snapshot (see {@link ReaderFuzzTest})
 * meets the same broken versions of a valid file: the answer is a value or a BadInputException
 * that names the file, never another exception or a hang. Tries are bounded, so is the time.
 */
class MoreReadersFuzzTest {
    static final String RULE_ID = "idc_admin_permission_sets_restricted";
    static final byte[] VALID_RULE = read(Path.of("rules", RULE_ID + ".yaml"));
    static final byte[] VALID_RULE_TEST = read(Path.of("rules", RULE_ID + ".test.yaml"));

    static final byte[] VALID_WAIVERS = """
            waivers:
              - rule: idc_admin_permission_sets_restricted
                resource: "333333333333/*"
                reason: legacy admins, moving to org-DevOps
                owner: alice@acme.example
                ticket: SEC-123
                expires: 2026-12-31
            """.getBytes(StandardCharsets.UTF_8);

    static final byte[] VALID_DESIRED = """
            version: 1
            permissionSets:
              - name: Developer
                description: day to day
                sessionDuration: PT8H
                managedPolicies: [PowerUserAccess]
                inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}'
            assignments:
              - permissionSet: Developer
                accounts: ["222222222222"]
                group: org-Developers
            pushedGroups: [org-Developers]
            """.getBytes(StandardCharsets.UTF_8);

    static final byte[] VALID_TERRAFORM = """
            {"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "l", "outputs": {}, "resources": [
             {"mode": "managed", "type": "aws_ssoadmin_customer_managed_policy_attachment", "name": "deny", "provider": "p",
              "instances": [{"schema_version": 0, "attributes": {"id": "x", "instance_arn": "i", "permission_set_arn": "arn:ps",
                "customer_managed_policy_reference": [{"name": "DenyBilling", "path": "/team/"}]}}]},
             {"mode": "managed", "type": "okta_app_group_assignments", "name": "aws", "provider": "p",
              "instances": [{"schema_version": 0, "attributes": {"id": "0oa1", "app_id": "0oa1",
                "group": [{"id": "00g1", "priority": 1, "profile": "{}"}, {"id": "00g2", "priority": 2, "profile": "{}"}]}}]}
            ]}
            """.getBytes(StandardCharsets.UTF_8);

    static final byte[] VALID_FINDINGS = findingsOfTheSampleSnapshot();

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutation.any();
    }

    /** The fuzzing starts from documents the readers accept: otherwise it would only ever test error paths. */
    @org.junit.jupiter.api.Test
    void theUnmutatedInputsAreRead() {
        inTempDir(dir -> {
            write(dir.resolve("waivers.yaml"), VALID_WAIVERS);
            write(dir.resolve("desired.yaml"), VALID_DESIRED);
            write(dir.resolve("terraform.tfstate"), VALID_TERRAFORM);
            write(dir.resolve("findings.json"), VALID_FINDINGS);
            org.junit.jupiter.api.Assertions.assertFalse(Waivers.read(dir.resolve("waivers.yaml"), LocalDate.of(2026, 11, 28)).list().isEmpty());
            org.junit.jupiter.api.Assertions.assertFalse(DesiredYaml.read(dir.resolve("desired.yaml")).objects().isEmpty());
            org.junit.jupiter.api.Assertions.assertFalse(TerraformState.read(dir.resolve("terraform.tfstate")).objects().isEmpty());
            org.junit.jupiter.api.Assertions.assertFalse(CheckResult.read(dir.resolve("findings.json")).findings().isEmpty());
            Rule rule = Rule.parse(new String(VALID_RULE, StandardCharsets.UTF_8), RULE_ID + ".yaml");
            write(dir.resolve(RULE_ID + ".test.yaml"), VALID_RULE_TEST);
            org.junit.jupiter.api.Assertions.assertFalse(RuleTests.cases(rule, dir.resolve(RULE_ID + ".test.yaml")).isEmpty());
        });
    }

    @Property(tries = 250)
    void ruleParserAnswersARuleOrAClearError(@ForAll("mutations") Mutation m) {
        String file = "rules/" + RULE_ID + ".yaml";
        valueOrClearError(file, m, () -> Rule.parse(new String(m.apply(VALID_RULE), StandardCharsets.UTF_8), file));
    }

    @Property(tries = 120)
    void rulePackDirectoryAnswersAPackOrAClearError(@ForAll("mutations") Mutation m, @ForAll boolean breakTheTestFile) {
        inTempDir(dir -> {
            write(dir.resolve(RULE_ID + ".yaml"), breakTheTestFile ? VALID_RULE : m.apply(VALID_RULE));
            write(dir.resolve(RULE_ID + ".test.yaml"), breakTheTestFile ? m.apply(VALID_RULE_TEST) : VALID_RULE_TEST);
            valueOrClearError(dir.toString(), m, () -> RulePack.directory(dir));
        });
    }

    @Property(tries = 200)
    void ruleTestFileAnswersCasesThatRunOrAClearError(@ForAll("mutations") Mutation m) {
        Rule rule = Rule.parse(new String(VALID_RULE, StandardCharsets.UTF_8), RULE_ID + ".yaml");
        inTempDir(dir -> {
            Path file = dir.resolve(RULE_ID + ".test.yaml");
            write(file, m.apply(VALID_RULE_TEST));
            valueOrClearError(file.toString(), m, () -> RuleTests.cases(rule, file).forEach(RuleTests.Case::run));
        });
    }

    @Property(tries = 250)
    void waiversReaderAnswersWaiversOrAClearError(@ForAll("mutations") Mutation m) {
        inTempDir(dir -> {
            Path file = dir.resolve("waivers.yaml");
            write(file, m.apply(VALID_WAIVERS));
            valueOrClearError(file.toString(), m, () -> Waivers.read(file, LocalDate.of(2026, 11, 28)));
        });
    }

    @Property(tries = 250)
    void desiredStateReaderAnswersAStateOrAClearError(@ForAll("mutations") Mutation m) {
        inTempDir(dir -> {
            Path file = dir.resolve("desired.yaml");
            write(file, m.apply(VALID_DESIRED));
            valueOrClearError(file.toString(), m, () -> DesiredYaml.read(file));
        });
    }

    @Property(tries = 250)
    void terraformStateReaderAnswersAStateOrAClearError(@ForAll("mutations") Mutation m) {
        inTempDir(dir -> {
            Path file = dir.resolve("terraform.tfstate");
            write(file, m.apply(VALID_TERRAFORM));
            valueOrClearError(file.toString(), m, () -> TerraformState.read(file));
        });
    }

    @Property(tries = 250)
    void findingsReaderAnswersResultsOrAClearError(@ForAll("mutations") Mutation m) {
        inTempDir(dir -> {
            Path file = dir.resolve("findings.json");
            write(file, m.apply(VALID_FINDINGS));
            valueOrClearError(file.toString(), m, () -> CheckResult.read(file));
        });
    }

    /** The one contract: the read succeeds, or fails with a BadInputException whose message starts with the file. */
    static void valueOrClearError(String file, Mutation m, Runnable read) {
        try {
            read.run();
        } catch (BadInputException e) {
            if (!e.getMessage().startsWith(file)) {
                throw new AssertionError("after " + m + " the error does not start with the file " + file + ": " + e.getMessage(), e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("after " + m + " the reader of " + file + " threw " + e, e);
        }
    }

    static void inTempDir(Consumer<Path> body) {
        try {
            Path dir = Files.createTempDirectory("fuzz");
            try {
                body.accept(dir);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** findings.json as `idaudit check` writes it. */
    private static byte[] findingsOfTheSampleSnapshot() {
        try {
            Path dir = Files.createTempDirectory("fuzz-findings");
            Path snapshot = dir.resolve("snapshot.json");
            Path findings = dir.resolve("findings.json");
            try (var out = Files.newOutputStream(snapshot)) {
                SnapshotIO.write(SampleSnapshot.sample(), out);
            }
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Main.run(sink, sink, "check", "--snapshot", snapshot.toString(), "--out", findings.toString(),
                    "--fail-on", "none", "--allow-incomplete");
            byte[] bytes = Files.readAllBytes(findings);
            Files.delete(findings);
            Files.delete(snapshot);
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
