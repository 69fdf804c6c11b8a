package dev.idaudit.cli;

import dev.idaudit.drift.DesiredState;
import dev.idaudit.drift.DesiredYaml;
import dev.idaudit.drift.DriftCheck;
import dev.idaudit.drift.DriftReport;
import dev.idaudit.drift.JsonRendering;
import dev.idaudit.drift.TerraformState;
import dev.idaudit.drift.TextRendering;
import dev.idaudit.snapshot.SnapshotIO;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code idaudit drift}: a snapshot against a desired state (desired.yaml or Terraform state):
 * each object managed, unmanaged, missing or changed.
 */
@Command(
        name = "drift", exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"  0:no drift (or drift without --fail-on-drift)", "  1:drift, with --fail-on-drift", ExitCode.USAGE, "  3:with --fail-on-drift: nothing drifted where compared, but part of it was not collected; or a runtime failure"},
        mixinStandardHelpOptions = true,
        description = {
            "Compares a snapshot with a desired state (desired.yaml, or Terraform state files): each object is "
                    + "managed, unmanaged (made by hand), missing or changed.",
            "AWSReservedSSO_* roles, AWSSSO_*_DO_NOT_DELETE SAML providers and SCIM-provisioned Identity Store users "
                    + "and groups belong to Identity Center or Okta and never drift."
        })
public final class DriftCommand implements Callable<Integer> {

    @Option(names = "--snapshot", required = true, paramLabel = "SNAPSHOT", description = "the snapshot to check")
    Path snapshot;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--desired", paramLabel = "desired.yaml", description = "a desired-state file (docs/desired-state.md)")
        Path desired;

        @Option(names = "--terraform-state", arity = "1..*", paramLabel = "terraform.tfstate",
                description = "one or more Terraform state files (format version 4)")
        List<Path> terraformStates;
    }

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    DiffCommand.Format format;

    @Option(names = "--fail-on-drift", description = "exit 1 when anything drifted (3 when nothing drifted but the snapshot is incomplete where it was compared)")
    boolean failOnDrift;

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DesiredState desired = source.desired != null
                ? DesiredYaml.read(source.desired)
                : DesiredState.merge(source.terraformStates.stream().map(TerraformState::read).toList());
        DriftReport report = DriftCheck.compare(desired, SnapshotIO.read(snapshot));
        var out = spec.commandLine().getOut();
        out.print(format == DiffCommand.Format.json ? JsonRendering.of(report) : TextRendering.drift(report));
        out.flush();
        if (!failOnDrift) {
            return ExitCode.CLEAN.code;
        }
        if (report.hasDrift()) {
            return ExitCode.FINDINGS.code;
        }
        // Nothing drifted, but part of what was compared could not be collected: not a pass.
        return report.caveats().isEmpty() ? ExitCode.CLEAN.code : ExitCode.INCOMPLETE.code;
    }
}
