package dev.idaudit.collect.aws;

import static dev.idaudit.snapshot.Sections.AWS_MEMBER_CREDENTIAL_REPORT;
import static dev.idaudit.snapshot.Sections.AWS_MEMBER_ROLES;
import static dev.idaudit.snapshot.Sections.AWS_MEMBER_SAML_PROVIDERS;

import dev.idaudit.snapshot.AwsSnapshot.CredentialReportRow;
import dev.idaudit.snapshot.AwsSnapshot.Instance;
import dev.idaudit.snapshot.AwsSnapshot.MemberAccount;
import dev.idaudit.snapshot.AwsSnapshot.ReservedRole;
import dev.idaudit.snapshot.AwsSnapshot.SamlProvider;
import dev.idaudit.snapshot.RequiredComponents;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ReportStateType;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.RoleLastUsed;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** What one account's IAM (and sso-admin, for account instances) shows through the read-only role. */
final class MemberAccountReader {
    static final String RESERVED_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";
    static final String RESERVED_ROLE_PREFIX = "AWSReservedSSO_";

    /** GenerateCredentialReport is asked again until COMPLETE; IAM usually takes seconds. */
    private static final int REPORT_POLLS = 12;
    private static final Duration FIRST_REPORT_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_REPORT_PAUSE = Duration.ofSeconds(5);

    private final String accountId;
    private final IamClient iam;
    private final SsoAdminClient ssoAdmin;
    private final Calls calls;
    private final PageSizes pageSizes;

    MemberAccountReader(String accountId, IamClient iam, SsoAdminClient ssoAdmin, Calls calls, PageSizes pageSizes) {
        this.accountId = accountId;
        this.iam = iam;
        this.ssoAdmin = ssoAdmin;
        this.calls = calls;
        this.pageSizes = pageSizes;
    }

    MemberAccount read() {
        return new MemberAccount(accountId, reservedRoles(), samlProviders(), credentialReport());
    }

    /** Identity Center instances owned by this account (account instances), seen only from inside it. */
    List<Instance> instances() {
        return IdentityCenterReader.instances(ssoAdmin, calls, pageSizes, accountId);
    }

    /**
     * The account's Identity Center roles with when each was last used. Only GetRole and
     * GetAccountAuthorizationDetails carry RoleLastUsed (ListRoles leaves it out), so the roles
     * are read with GetAccountAuthorizationDetails (Filter Role): one call per page of up to
     * 1000 roles, instead of ListRoles and then one GetRole per reserved role. It has no path
     * prefix, so every role of the account comes back and only the reserved ones are kept.
     */
    private List<ReservedRole> reservedRoles() {
        return calls.pages(AWS_MEMBER_ROLES, accountId, "iam:GetAccountAuthorizationDetails", "reservedRoles",
                () -> iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.ROLE).maxItems(pageSizes.iam())),
                page -> page.roleDetailList().stream().filter(this::isReserved).map(MemberAccountReader::reservedRole).toList());
    }

    /**
     * What ListRoles with PathPrefix {@value #RESERVED_ROLE_PATH} selected, and named as Identity
     * Center names them. The path is a prefix: instances outside us-east-1 add the region
     * ({@code /aws-reserved/sso.amazonaws.com/eu-west-1/}).
     */
    boolean isReserved(RoleDetail role) {
        if (role.path() == null || !role.path().startsWith(RESERVED_ROLE_PATH)) {
            return false;
        }
        if (role.roleName() == null) {
            calls.issue(AWS_MEMBER_ROLES, accountId, "iam:GetAccountAuthorizationDetails", RequiredComponents.MISSING_IDENTIFIER,
                    "a role under " + RESERVED_ROLE_PATH + " was answered without its RoleName and left out");
            return false;
        }
        return role.roleName().startsWith(RESERVED_ROLE_PREFIX);
    }

    private static ReservedRole reservedRole(RoleDetail role) {
        Optional<RoleLastUsed> lastUsed = Optional.ofNullable(role.roleLastUsed());
        return new ReservedRole(role.roleName(), role.arn(), role.path(), permissionSetName(role.roleName()), role.createDate(),
                lastUsed.map(RoleLastUsed::lastUsedDate).orElse(null), lastUsed.map(RoleLastUsed::region).orElse(null));
    }

    /** {@code AWSReservedSSO_<permission set>_<hex>}: permission set names may hold underscores, the suffix does not. */
    static String permissionSetName(String roleName) {
        String rest = roleName.substring(RESERVED_ROLE_PREFIX.length());
        int suffix = rest.lastIndexOf('_');
        return suffix > 0 ? rest.substring(0, suffix) : rest;
    }

    private List<SamlProvider> samlProviders() {
        var providers = calls.get(AWS_MEMBER_SAML_PROVIDERS, accountId, "iam:ListSAMLProviders",
                () -> iam.listSAMLProviders(r -> {}).samlProviderList()).orElse(List.of());
        calls.items("samlProviders", providers.size());
        return providers.stream()
                // One answered without its ARN is left out by the collection, with an issue.
                .map(p -> new SamlProvider(p.arn(), p.arn() == null ? null : p.arn().substring(p.arn().lastIndexOf('/') + 1),
                        p.createDate(), p.validUntil()))
                .toList();
    }

    private List<CredentialReportRow> credentialReport() {
        var complete = calls.get(AWS_MEMBER_CREDENTIAL_REPORT, accountId, "iam:GenerateCredentialReport", () -> {
            Duration pause = FIRST_REPORT_PAUSE;
            for (int poll = 1; poll <= REPORT_POLLS; poll++) {
                if (iam.generateCredentialReport(r -> {}).state() == ReportStateType.COMPLETE) {
                    return true;
                }
                if (poll < REPORT_POLLS) {
                    pause(pause);
                    pause = pause.multipliedBy(2).compareTo(LONGEST_REPORT_PAUSE) > 0 ? LONGEST_REPORT_PAUSE : pause.multipliedBy(2);
                }
            }
            return false;
        });
        if (complete.isEmpty()) {
            return List.of();
        }
        if (!complete.get()) {
            calls.issue(AWS_MEMBER_CREDENTIAL_REPORT, accountId, "iam:GenerateCredentialReport", "ReportNotComplete",
                    "the credential report was still being generated after " + REPORT_POLLS + " requests");
            return List.of();
        }
        var rows = calls.get(AWS_MEMBER_CREDENTIAL_REPORT, accountId, "iam:GetCredentialReport",
                () -> CredentialReportCsv.parse(iam.getCredentialReport(r -> {}).content().asUtf8String())).orElse(List.of());
        calls.items("credentialReportRows", rows.size());
        return rows;
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the IAM credential report", e);
        }
    }
}
