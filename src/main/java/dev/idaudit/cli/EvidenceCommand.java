package dev.idaudit.cli;

import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.EvidenceConfig;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.evidence.EvidenceVerifier;
import dev.idaudit.evidence.EvidenceVerifier.SignatureCheck;
import dev.idaudit.evidence.EvidenceVerifier.SignatureStatus;
import dev.idaudit.evidence.KmsSigner;
import dev.idaudit.evidence.Manifest;
import dev.idaudit.evidence.RunStore;
import dev.idaudit.evidence.S3RunStore;
import dev.idaudit.evidence.Signing;
import dev.idaudit.util.BadInputException;
import java.io.IOException;
import dev.idaudit.util.Plural;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code idaudit evidence verify|keygen}: the stored evidence is what was written, and signed by whom. */
@Command(name = "evidence", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.USAGE}, mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Works with stored runs (evidence).",
        subcommands = {EvidenceCommand.Verify.class, EvidenceCommand.Keygen.class})
public final class EvidenceCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: verify or keygen");
    }

    @Command(name = "verify", exitCodeListHeading = ExitCode.HEADING,
            exitCodeList = {"  0:every file matches manifest.json (an unsigned run is said to be unsigned)", "  1:a file or field was changed, added or removed, the chain is broken, or (--require-signed) a run is unsigned", ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Recomputes the SHA-256 of every file of a run and names any file changed, added or removed "
                    + "since manifest.json was written, every manifest field that changed, and checks the signature.",
                    "With --store, verifies every run of the store and the chain that links each run to the one before it "
                    + "(a deleted, replaced, inserted or reordered run is named).",
                    "Exit 0 when all match (an unsigned run is said to be unsigned), 1 when not or, with --require-signed, "
                    + "when a run is unsigned; 2 on bad input."})
    public static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "RUN_DIR", description = "A run directory, e.g. idaudit-runs/2026-11-28T03-00-00Z.")
        Path runDir;

        @Option(names = "--store", paramLabel = "STORE", description = "Every run of a store: a directory or s3://bucket/prefix.")
        String store;

        @Option(names = "--public-key", paramLabel = "FILE",
                description = "The public key (PEM or DER) the runs must be signed with. Without it, a run is checked against "
                        + "its own signing-key.pub.pem, which proves nothing against someone who can replace both.")
        Path publicKey;

        @Option(names = "--require-signed", description = "Exit 1 unless every run is signed with the --public-key key (for CI gates).")
        boolean requireSigned;

        @Option(names = "--config", paramLabel = "FILE", description = "idaudit.yaml, for the aws: settings (region, profile, endpoint) of an s3:// store.")
        Path config;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if ((runDir == null) == (store == null)) {
                throw new BadInputException("give either RUN_DIR or --store STORE");
            }
            if (requireSigned && publicKey == null) {
                throw new BadInputException("--require-signed needs --public-key: a signature proves something only against a key you trust");
            }
            PublicKey pinned = publicKey == null ? null : Signing.readPublicKey(publicKey);
            if (runDir != null) {
                EvidenceVerifier.Verification v = EvidenceVerifier.verify(runDir, pinned);
                print(out, v);
                return exit(v.ok(), v.signed());
            }
            EvidenceVerifier.StoreVerification sv;
            if (S3RunStore.isS3(store)) {
                AwsConfig aws = config == null ? null : ConfigLoader.load(config).aws();
                S3RunStore s3 = S3RunStore.open(store, aws == null ? null : aws.region(), aws == null ? null : aws.profile(),
                        aws == null ? null : aws.endpointUrl(), null);
                Path tmp = Files.createTempDirectory("idaudit-verify-");
                try {
                    sv = EvidenceVerifier.verifyStore(s3.downloadAll(tmp), pinned);
                    printStore(out, sv);
                } finally {
                    deleteTree(tmp);
                }
            } else {
                Path dir = Path.of(store);
                if (!Files.isDirectory(dir)) {
                    throw new BadInputException(store + ": no such evidence store");
                }
                sv = EvidenceVerifier.verifyStore(RunStore.at(dir).runs(), pinned);
                printStore(out, sv);
            }
            if (sv.runs().isEmpty()) {
                throw new BadInputException(store + ": the store holds no run");
            }
            return exit(sv.ok(), sv.allSigned());
        }

        private int exit(boolean ok, boolean signed) {
            return ok && (signed || !requireSigned) ? ExitCode.CLEAN.code : ExitCode.FINDINGS.code;
        }

        private void printStore(PrintWriter out, EvidenceVerifier.StoreVerification sv) {
            sv.runs().forEach(v -> print(out, v));
            sv.chainProblems().forEach(p -> out.println("chain: " + p));
            if (sv.runs().isEmpty()) {
                return;
            }
            EvidenceVerifier.Verification head = sv.runs().get(sv.runs().size() - 1);
            long unsigned = sv.runs().stream().filter(v -> !v.signed()).count();
            out.println((sv.ok() ? "OK" : "BROKEN") + " store " + store + ": " + sv.runs().size() + " runs, " + sv.chainProblems().size()
                    + " chain problems, " + unsigned + " not signed; newest run " + head.runId() + " (manifest sha256 "
                    + head.manifestSha256() + "). A run deleted after the newest leaves no link: keep this line to compare with.");
        }

        private static void print(PrintWriter out, EvidenceVerifier.Verification v) {
            if (v.ok()) {
                out.println("OK " + v.runId() + ": " + v.filesChecked() + " files match " + Manifest.FILE_NAME + " (manifest sha256 "
                        + v.manifestSha256() + ")");
            } else {
                out.println("MODIFIED " + v.runId() + ": the run differs from " + Manifest.FILE_NAME);
                v.problems().forEach(p -> out.println("refused: " + p));
                v.changedFields().forEach(p -> out.println("changed field: " + p));
                v.changed().forEach(p -> out.println("changed: " + p));
                v.added().forEach(p -> out.println("added: " + p));
                v.removed().forEach(p -> out.println("removed: " + p));
            }
            SignatureCheck s = v.signature();
            if (s.status() == SignatureStatus.UNSIGNED) {
                out.println("UNSIGNED " + v.runId() + ": " + s.detail()
                        + (v.manifestVersion() < 2 ? " (manifest version " + v.manifestVersion() + ", written before signing)" : ""));
            } else {
                String key = "key " + s.keyFingerprint() + (s.kmsKeyId() == null ? "" : " (KMS " + s.kmsKeyId() + ")") + ", " + s.algorithm();
                out.println((s.status() == SignatureStatus.VALID ? "SIGNED " : "SIGNATURE " + s.status() + " ") + v.runId() + ": " + key + ": "
                        + s.detail() + (s.status() != SignatureStatus.VALID ? ""
                                : s.pinned() ? " under the pinned --public-key"
                                : " under the run's own " + Manifest.PUBLIC_KEY_FILE + " (not pinned: compare the fingerprint with your published one, "
                                        + "or pass --public-key)"));
            }
        }
    }

    @Command(name = "keygen", exitCodeListHeading = ExitCode.HEADING,
            exitCodeList = {ExitCode.DONE, ExitCode.USAGE, ExitCode.FAILURE}, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Makes a key pair for signing runs: PREFIX.key (PKCS#8 PEM, mode 0600) and PREFIX.pub.pem.",
                    "Point idaudit.yaml's evidence.signingKey (or run --signing-key) at the .key file; publish the .pub.pem "
                            + "and the fingerprint printed here where auditors find them."})
    public static final class Keygen implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Where to write PREFIX.key and PREFIX.pub.pem.")
        String prefix;

        @Option(names = "--algorithm", defaultValue = "ec", paramLabel = "ALG",
                description = "ec (P-256, SHA256withECDSA) or rsa (3072 bits, SHA256withRSA); default: ${DEFAULT-VALUE}.")
        String algorithm;

        @Override
        public Integer call() throws IOException {
            Path privateFile = Path.of(prefix + ".key");
            Path publicFile = Path.of(prefix + ".pub.pem");
            if (privateFile.toAbsolutePath().getParent() != null) {
                Files.createDirectories(privateFile.toAbsolutePath().getParent());
            }
            KeyPair pair = Signing.keygen(algorithm, privateFile, publicFile);
            PrintWriter out = spec.commandLine().getOut();
            out.println("private key: " + privateFile + " (keep it secret; only this user can read it)");
            out.println("public key:  " + publicFile);
            out.println("fingerprint: " + Signing.fingerprint(pair.getPublic()));
            return ExitCode.CLEAN.code;
        }
    }

    /** How {@code run} signs: flags first, then idaudit.yaml's evidence: section. */
    static final class SigningOptions {
        @Option(names = "--signing-key", paramLabel = "FILE", description = "Sign the run's manifest with this PKCS#8 PEM private key (RSA or EC).")
        Path signingKey;

        @Option(names = "--kms-key", paramLabel = "KEY",
                description = "Sign the run's manifest with this asymmetric AWS KMS key (ARN, id or alias; the private key stays in KMS).")
        String kmsKey;

        /** The signer, or null for an unsigned run. */
        Signing.Signer signer(IdAuditConfig cfg) {
            if (signingKey != null && kmsKey != null) {
                throw new BadInputException("give either --signing-key or --kms-key, not both");
            }
            EvidenceConfig ev = cfg.evidence();
            Path key = signingKey != null ? signingKey : kmsKey != null ? null : ev.signingKey();
            String kms = kmsKey != null ? kmsKey : signingKey != null ? null : ev.kmsKeyId();
            if (key != null) {
                return Signing.keyFile(key);
            }
            if (kms != null) {
                AwsConfig aws = cfg.aws();
                return KmsSigner.open(kms, aws == null ? null : aws.region(), aws == null ? null : aws.profile(),
                        aws == null ? null : aws.endpointUrl());
            }
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
