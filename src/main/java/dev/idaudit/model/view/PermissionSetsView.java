package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SETS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SET_PROVISIONING;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PROVISIONING_REQUESTS;

import dev.idaudit.model.PolicyDocument;
import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code permissionSets}: permission sets with derived facts (sessionHours, admin, escalationActions). */
public final class PermissionSetsView {
    private PermissionSetsView() {}

    /** AWS managed policies that grant control of identity or the organization. */
    static final List<String> ESCALATING_MANAGED_POLICIES = List.of(
            "IAMFullAccess", "AWSSSOMasterAccountAdministrator", "AWSSSOMemberAccountAdministrator",
            "AWSSSODirectoryAdministrator", "AWSOrganizationsFullAccess");
    /** The service wildcards a non-admin permission set must not allow on *. */
    public static final List<String> PRIVILEGED_SERVICES = List.of(
            "sso:*", "sso-directory:*", "identitystore:*", "organizations:*", "iam:*");

    public static final View<Views.PermissionSet> VIEW = View.of("permissionSets", Views.PermissionSet.class,
                    "permission sets with derived facts (sessionHours, admin, escalationActions)")
            .reads(AWS_IDC_PERMISSION_SETS)
            .field(List.of(AWS_IDC_ASSIGNMENTS), "assignmentCount", "assignedAccountIds")
            .field(List.of(AWS_IDC_PERMISSION_SET_PROVISIONING), "outdatedAccountIds")
            .field(List.of(AWS_IDC_PROVISIONING_REQUESTS), "failedProvisioning")
            .key(Views.PermissionSet::arn)
            .displayName(Views.PermissionSet::name)
            .derive(PermissionSetsView::derive)
            .build();

    static List<Views.PermissionSet> derive(ViewContext c) {
        AwsSnapshot.IdentityCenter idc = c.idc();
        Map<String, List<AwsSnapshot.Assignment>> byPs = idc.assignments().stream()
                // an assignment without a permission set ARN (a broken snapshot) belongs to no permission set
                .filter(a -> a.permissionSetArn() != null)
                .collect(Collectors.groupingBy(AwsSnapshot.Assignment::permissionSetArn));
        // The latest provisioning request per (permission set, account) decides whether it last FAILED.
        Map<String, AwsSnapshot.ProvisioningRequest> latest = new HashMap<>();
        for (AwsSnapshot.ProvisioningRequest r : idc.provisioningRequests()) {
            String key = r.permissionSetArn() + "|" + r.accountId();
            AwsSnapshot.ProvisioningRequest prev = latest.get(key);
            if (prev == null || (r.createdDate() != null && (prev.createdDate() == null || r.createdDate().isAfter(prev.createdDate())))) {
                latest.put(key, r);
            }
        }
        List<Views.PermissionSet> out = new ArrayList<>();
        for (AwsSnapshot.PermissionSet p : idc.permissionSets()) {
            PolicyDocument inline = PolicyDocument.parse(p.inlinePolicy());
            List<String> managed = p.awsManagedPolicies().stream()
                    .map(m -> m.name() != null ? m.name() : m.arn().substring(m.arn().lastIndexOf('/') + 1)).toList();
            boolean admin = managed.contains("AdministratorAccess") || inline.allowedActionsOnAnyResource().contains("*");
            List<String> escalation = new ArrayList<>();
            for (String service : PRIVILEGED_SERVICES) {
                if (PolicyDocument.anyCovers(inline.allowedActionsOnAnyResource(), service)) {
                    escalation.add(service);
                }
            }
            managed.stream().filter(ESCALATING_MANAGED_POLICIES::contains).forEach(escalation::add);
            List<AwsSnapshot.Assignment> as = byPs.getOrDefault(p.arn(), List.of());
            List<Views.FailedProvisioning> failed = latest.values().stream()
                    .filter(r -> p.arn().equals(r.permissionSetArn()) && "FAILED".equals(r.status()))
                    .sorted(Comparator.comparing(r -> String.valueOf(r.accountId())))
                    .map(r -> new Views.FailedProvisioning(r.accountId(), r.requestId(), r.failureReason())).toList();
            out.add(new Views.PermissionSet(p.arn(), p.name(), p.sessionDuration(), sessionHours(p.sessionDuration()),
                    managed, p.customerManagedPolicies().stream().map(AwsSnapshot.CustomerManagedPolicy::name).toList(),
                    inline.parsed(), inline.allowedActionsOnAnyResource(), admin, escalation, as.size(),
                    as.stream().map(AwsSnapshot.Assignment::accountId).distinct().sorted().toList(),
                    p.outdatedAccountIds(), failed));
        }
        return out;
    }

    /** Hours of an ISO-8601 duration as AWS returns it (PT8H, PT1H30M); AWS's default PT1H when unset; null when unreadable. */
    public static Double sessionHours(String iso) {
        if (iso == null || iso.isBlank()) {
            return 1.0;
        }
        try {
            return Duration.parse(iso).toMinutes() / 60.0;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
