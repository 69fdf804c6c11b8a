package dev.idaudit.cli;

import dev.idaudit.config.AwsConfig;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.ScenarioDir;
import dev.idaudit.sandbox.SsoHome;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.OktaEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sandbox", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"  0:stopped (interrupted)", ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, subcommands = BenchCommand.class,
        description = {"Serves a built-in scenario, or your own (--scenario-dir), as emulated Okta and AWS APIs on 127.0.0.1",
                "until interrupted. Prints the config and the environment that point a real run at it.",
                "A scenario folder holds okta.yaml, aws.yaml and optionally scenario.yaml (traffic, faults), laid out like",
                "the built-in ones: see docs/sandbox.md.",
                "It also signs an auditor in to its IAM Identity Center access portal and writes, to a folder it names, the",
                "~/.aws/config and token cache an AWS CLI SSO profile needs (README: Sign in through IAM Identity Center)."})
public final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "NAME", description = "Built-in scenario to serve: acme (default), acme-next-week, large.")
    String scenario;

    @Option(names = "--scenario-dir", paramLabel = "DIR",
            description = "Serve your own scenario folder (okta.yaml, aws.yaml, optional scenario.yaml) instead; see docs/sandbox.md.")
    Path scenarioDir;

    @Option(names = "--write-config", paramLabel = "FILE", description = "Also write the config to FILE.")
    Path writeConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path ssoHome = Files.createTempDirectory("idaudit-sandbox-sso-");
        try (Sandbox sandbox = start(scenario, scenarioDir)) {
            String config = config(sandbox);
            if (writeConfig != null) {
                Files.writeString(writeConfig, config);
            }
            out.println("# idaudit sandbox: scenario '" + (scenarioDir != null ? scenarioDir.toString() : sandbox.scenario().name())
                    + "' is served on 127.0.0.1. Stop it with Ctrl-C.");
            out.println("# 1. The environment (these keys are the sandbox's own, not secrets):");
            out.println("export OKTA_API_TOKEN=" + OktaEmulator.API_TOKEN);
            out.println("export AWS_ACCESS_KEY_ID=" + Sandbox.AWS_ACCESS_KEY_ID);
            out.println("export AWS_SECRET_ACCESS_KEY=" + Sandbox.AWS_SECRET_ACCESS_KEY);
            out.println("export AWS_REGION=" + sandbox.awsConfig().region());
            out.println("# 2. The config" + (writeConfig != null ? " (also written to " + writeConfig + ")" : "") + ", as idaudit.yaml:");
            out.println(config.strip());
            out.println("# 3. Then: java -jar target/idaudit.jar collect --config idaudit.yaml --out snapshot.json.gz");
            printSsoSignIn(sandbox, ssoHome, out);
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(stopped::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook has run, which is how we got here
                }
            }
        } finally {
            deleteTree(ssoHome);
        }
        return ExitCode.CLEAN.code;
    }

    /**
     * The SSO path (issue 17): the sandbox signs its auditor in to its access portal and leaves, in a
     * folder of its own (never the user's ~/.aws), the ~/.aws/config of {@code aws configure sso} and the
     * token cache of {@code aws sso login}; a run with that folder as HOME and {@code aws.profile} signs in
     * through the SDK's own SSO providers.
     */
    static void printSsoSignIn(Sandbox sandbox, Path home, PrintWriter out) {
        AwsEmulator.SsoLogin login = sandbox.aws().ssoLogin(SSO_SESSION_LENGTH, true);
        String awsConfig = SsoHome.config(sandbox.aws().region(), login.accountId());
        SsoHome.write(home, awsConfig, login);
        out.println("# 4. Or sign in the way people do, through IAM Identity Center (an AWS CLI SSO profile). The sandbox");
        out.println("#    signed its auditor in: " + home + " is a home folder with this .aws/config and the token cache");
        out.println("#    .aws/sso/cache (valid " + SSO_SESSION_LENGTH.toHours() + " h, refreshable). Add \"  profile: " + SsoHome.PROFILE
                + "\" (or " + SsoHome.LEGACY_PROFILE + ") under aws: in idaudit.yaml and run");
        out.println("#    with that folder as HOME and the access portal's endpoints:");
        out.println(awsConfig.strip());
        StringBuilder command = new StringBuilder();
        SsoHome.environment(home, sandbox.aws().endpoint()).forEach((k, v) -> command.append(k).append('=').append(v).append(' '));
        out.println(command + "java -jar target/idaudit.jar collect --config idaudit.yaml --out snapshot.json.gz");
    }

    /** How long the sandbox's SSO sign-in lasts: the legacy configuration's fixed session (the SDK reference guide). */
    private static final Duration SSO_SESSION_LENGTH = Duration.ofHours(8);

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A built-in scenario by name (acme when neither is given) or a scenario folder; not both. */
    static Sandbox start(String name, Path dir) {
        if (name != null && dir != null) {
            throw new dev.idaudit.util.BadInputException("--scenario and --scenario-dir (or --sandbox and --sandbox-dir) exclude each other");
        }
        return dir != null ? ScenarioDir.start(dir) : Sandbox.start(Scenario.load(name == null ? "acme" : name));
    }

    static String config(Sandbox sandbox) {
        AwsConfig aws = sandbox.awsConfig();
        return "okta:\n"
                + "  orgUrl: " + sandbox.oktaConfig().orgUrl() + "\n"
                + "aws:\n"
                + "  region: " + aws.region() + "\n"
                + "  endpointUrl: " + aws.endpointUrl() + "\n"
                + "  memberRole: " + aws.memberRoleName() + "\n";
    }
}
