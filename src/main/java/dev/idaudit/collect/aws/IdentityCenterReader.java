package dev.idaudit.collect.aws;

import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUP_MEMBERSHIPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_INSTANCES;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SETS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SET_BOUNDARIES;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PERMISSION_SET_PROVISIONING;
import static dev.idaudit.snapshot.Sections.AWS_IDC_PROVISIONING_REQUESTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_USERS;

import dev.idaudit.snapshot.AwsSnapshot.Assignment;
import dev.idaudit.snapshot.AwsSnapshot.CustomerManagedPolicy;
import dev.idaudit.snapshot.AwsSnapshot.ExternalId;
import dev.idaudit.snapshot.AwsSnapshot.GroupMembership;
import dev.idaudit.snapshot.AwsSnapshot.IdentityStoreGroup;
import dev.idaudit.snapshot.AwsSnapshot.IdentityStoreUser;
import dev.idaudit.snapshot.AwsSnapshot.Instance;
import dev.idaudit.snapshot.AwsSnapshot.ManagedPolicy;
import dev.idaudit.snapshot.AwsSnapshot.PermissionSet;
import dev.idaudit.snapshot.AwsSnapshot.PermissionsBoundary;
import dev.idaudit.snapshot.AwsSnapshot.ProvisioningRequest;
import dev.idaudit.snapshot.CollectionIssue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.Email;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;

/** Identity Center (sso-admin) and its Identity Store, read per instance. */
final class IdentityCenterReader {
    private final SsoAdminClient ssoAdmin;
    private final IdentitystoreClient identityStore;
    private final Calls calls;
    private final PageSizes pageSizes;
    private final ExecutorService pool;

    private final String managementAccountCaller;

    final List<PermissionSet> permissionSets = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    final List<ProvisioningRequest> provisioningRequests = new ArrayList<>();
    final List<IdentityStoreUser> users = new ArrayList<>();
    final List<IdentityStoreGroup> groups = new ArrayList<>();
    final List<GroupMembership> groupMemberships = new ArrayList<>();
    /**
     * Whether an instance's assignments were listed per principal: that cannot see the
     * assignments of principals deleted from the Identity Store, which a reserved role can reveal.
     */
    volatile boolean listedPerPrincipal;

    /**
     * @param managementAccountCaller the management account's id when the caller is in it (then
     *     ListAccountAssignmentsForPrincipal may be called for its organization instance), else null
     */
    IdentityCenterReader(SsoAdminClient ssoAdmin, IdentitystoreClient identityStore, Calls calls, PageSizes pageSizes,
                         ExecutorService pool, String managementAccountCaller) {
        this.managementAccountCaller = managementAccountCaller;
        this.ssoAdmin = ssoAdmin;
        this.identityStore = identityStore;
        this.calls = calls;
        this.pageSizes = pageSizes;
        this.pool = pool;
    }

    /**
     * ListInstances in the account whose credentials the client holds. ListInstances already
     * carries Status; DescribeInstance is called only when it does not.
     *
     * @param accountId the member account read, for issues; null for the management side
     */
    static List<Instance> instances(SsoAdminClient ssoAdmin, Calls calls, PageSizes pageSizes, String accountId) {
        var listed = calls.pages(AWS_IDC_INSTANCES, accountId, "sso:ListInstances", "instances",
                () -> ssoAdmin.listInstancesPaginator(r -> r.maxResults(pageSizes.identityCenter())), p -> p.instances());
        List<Instance> instances = new ArrayList<>();
        for (var i : listed) {
            String status = i.statusAsString();
            if (status == null) {
                status = calls.get(AWS_IDC_INSTANCES, accountId, "sso:DescribeInstance",
                        () -> ssoAdmin.describeInstance(r -> r.instanceArn(i.instanceArn())).statusAsString()).orElse(null);
            }
            instances.add(new Instance(i.instanceArn(), i.identityStoreId(), i.ownerAccountId(), i.name(), status));
        }
        return instances;
    }

    /**
     * Reads the permission sets, assignments, provisioning requests and Identity Store of one
     * instance, several calls at a time on the reader's pool.
     *
     * <p>Assignments can be listed per (permission set, account) or per principal; whichever
     * takes fewer calls for this instance is used. Per account: one call for each account a
     * permission set is provisioned to (current or outdated) or failed to provision to, as an
     * assignment provisions its permission set there. Per principal: one call for each user and
     * group of the Identity Store; it cannot see assignments of principals deleted from the
     * store, so it is only chosen when it is strictly cheaper. And only from the management account
     * for its organization instance: ListAccountAssignmentsForPrincipal "must be called from the
     * management account containing your organization instance" and "is not valid for account
     * instances" (its documentation); a delegated administrator lists per account.
     */
    void read(Instance instance) {
        String instanceArn = instance.instanceArn();
        // The Identity Store is read beside the permission sets: the user list is paged one page
        // after another, and the bucket's other calls fill the time in between.
        String storeId = instance.identityStoreId();
        CompletableFuture<Calls.Listed<IdentityStoreUser>> storeUsersRead = storeId == null
                ? CompletableFuture.completedFuture(new Calls.Listed<>(List.of(), List.of()))
                : CompletableFuture.supplyAsync(() -> readUsers(storeId), pool);
        CompletableFuture<GroupsRead> storeGroupsRead = storeId == null
                ? CompletableFuture.completedFuture(new GroupsRead(new Calls.Listed<>(List.of(), List.of()), List.of()))
                : CompletableFuture.supplyAsync(() -> readGroups(storeId), pool);
        Calls.Listed<ProvisioningRequest> requestsRead = readProvisioningRequests(instanceArn);
        List<ProvisioningRequest> requests = requestsRead.items();
        provisioningRequests.addAll(requests);
        var arnsRead = calls.listed(AWS_IDC_PERMISSION_SETS, null, "sso:ListPermissionSets", "permissionSets",
                () -> ssoAdmin.listPermissionSetsPaginator(r -> r.instanceArn(instanceArn).maxResults(pageSizes.identityCenter())),
                p -> p.permissionSets());
        Map<String, List<CollectionIssue>> provisioningGaps = new ConcurrentHashMap<>();
        List<PermissionSet> sets = Parallel.map(pool, arnsRead.items(), arn -> permissionSet(instanceArn, arn, provisioningGaps));
        permissionSets.addAll(sets);
        List<String[]> pairs = new ArrayList<>();
        for (PermissionSet permissionSet : sets) {
            String arn = permissionSet.arn();
            if (arn == null) {
                continue; // listed without an ARN: nothing can be asked about it, and the collection leaves it out with an issue
            }
            Set<String> accounts = new LinkedHashSet<>(permissionSet.provisionedAccountIds());
            accounts.addAll(permissionSet.outdatedAccountIds());
            requests.stream()
                    .filter(r -> arn.equals(r.permissionSetArn()) && r.accountId() != null && !"SUCCEEDED".equals(r.status()))
                    .forEach(r -> accounts.add(r.accountId()));
            accounts.forEach(accountId -> pairs.add(new String[] {arn, accountId}));
        }
        Calls.Listed<IdentityStoreUser> usersRead = join(storeUsersRead);
        GroupsRead storeGroupsAndMembers = join(storeGroupsRead);
        List<IdentityStoreUser> storeUsers = usersRead.items();
        List<IdentityStoreGroup> storeGroups = storeGroupsAndMembers.groups().items();
        users.addAll(storeUsers);
        groups.addAll(storeGroups);
        groupMemberships.addAll(storeGroupsAndMembers.memberships());
        crossCheckMembers(usersRead, storeGroupsAndMembers.memberships());
        int perPrincipal = storeUsers.size() + storeGroups.size();
        boolean fromManagementAccount = managementAccountCaller != null && managementAccountCaller.equals(instance.ownerAccountId());
        // Listing per principal is only chosen from complete lists of principals: a principal
        // missing from a partial list would take its assignments with it, without a trace.
        boolean principalsComplete = usersRead.complete() && storeGroupsAndMembers.groups().complete();
        boolean byPrincipal = fromManagementAccount && storeId != null && principalsComplete && perPrincipal < pairs.size();
        if (byPrincipal) {
            listedPerPrincipal = true;
            List<String[]> principals = new ArrayList<>();
            storeGroups.forEach(g -> principals.add(new String[] {"GROUP", g.groupId()}));
            storeUsers.forEach(u -> principals.add(new String[] {"USER", u.userId()}));
            Parallel.map(pool, principals, p -> calls.pages(AWS_IDC_ASSIGNMENTS, null, "sso:ListAccountAssignmentsForPrincipal",
                    "assignments",
                    () -> ssoAdmin.listAccountAssignmentsForPrincipalPaginator(r -> r.instanceArn(instanceArn)
                            .principalType(p[0]).principalId(p[1]).maxResults(pageSizes.identityCenter())),
                    page -> page.accountAssignments().stream()
                            .map(a -> new Assignment(a.permissionSetArn(), a.accountId(), a.principalTypeAsString(), a.principalId()))
                            .toList())).forEach(assignments::addAll);
        } else {
            // The pairs come from three lists: what they missed, the assignments miss.
            calls.inherit(AWS_IDC_ASSIGNMENTS, arnsRead.gaps(),
                    "assignments are listed per permission set and account, for the permission sets listed");
            provisioningGaps.values().forEach(gaps -> calls.inherit(AWS_IDC_ASSIGNMENTS, gaps,
                    "assignments are listed for the accounts this permission set is provisioned to"));
            calls.inherit(AWS_IDC_ASSIGNMENTS, requestsRead.gaps(),
                    "assignments whose provisioning failed or is in progress are found through the provisioning requests,"
                            + " so they may be missing");
            Parallel.map(pool, pairs, pair -> calls.pages(AWS_IDC_ASSIGNMENTS, pair[1], "sso:ListAccountAssignments", "assignments",
                    () -> ssoAdmin.listAccountAssignmentsPaginator(r -> r.instanceArn(instanceArn).accountId(pair[1])
                            .permissionSetArn(pair[0]).maxResults(pageSizes.identityCenter())),
                    p -> p.accountAssignments().stream()
                            .map(a -> new Assignment(a.permissionSetArn(), a.accountId(), a.principalTypeAsString(), a.principalId()))
                            .toList())).forEach(assignments::addAll);
        }
    }

    private PermissionSet permissionSet(String instanceArn, String arn, Map<String, List<CollectionIssue>> provisioningGaps) {
        var described = calls.get(AWS_IDC_PERMISSION_SETS, null, "sso:DescribePermissionSet",
                () -> ssoAdmin.describePermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(arn)).permissionSet());
        List<ManagedPolicy> managed = calls.pages(AWS_IDC_PERMISSION_SETS, null, "sso:ListManagedPoliciesInPermissionSet",
                "managedPolicies",
                () -> ssoAdmin.listManagedPoliciesInPermissionSetPaginator(
                        r -> r.instanceArn(instanceArn).permissionSetArn(arn).maxResults(pageSizes.identityCenter())),
                p -> p.attachedManagedPolicies().stream().map(m -> new ManagedPolicy(m.name(), m.arn())).toList());
        List<CustomerManagedPolicy> customer = calls.pages(AWS_IDC_PERMISSION_SETS, null,
                "sso:ListCustomerManagedPolicyReferencesInPermissionSet", "customerManagedPolicies",
                () -> ssoAdmin.listCustomerManagedPolicyReferencesInPermissionSetPaginator(
                        r -> r.instanceArn(instanceArn).permissionSetArn(arn).maxResults(pageSizes.identityCenter())),
                p -> p.customerManagedPolicyReferences().stream().map(c -> new CustomerManagedPolicy(c.name(), c.path())).toList());
        String inline = calls.get(AWS_IDC_PERMISSION_SETS, null, "sso:GetInlinePolicyForPermissionSet",
                        () -> ssoAdmin.getInlinePolicyForPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(arn)).inlinePolicy())
                .filter(policy -> !policy.isBlank())
                .orElse(null);
        PermissionsBoundary boundary = permissionsBoundary(instanceArn, arn);
        var provisionedRead = provisionedAccounts(instanceArn, arn, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED);
        var outdatedRead = provisionedAccounts(instanceArn, arn, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED);
        List<String> provisioned = provisionedRead.items();
        List<String> outdated = outdatedRead.items();
        List<CollectionIssue> gaps = new ArrayList<>(provisionedRead.gaps());
        gaps.addAll(outdatedRead.gaps());
        if (!gaps.isEmpty()) {
            // Scoped to this permission set: only its assignments are read through these lists.
            provisioningGaps.put(arn, gaps.stream().map(g -> new CollectionIssue(g.section(), g.accountId(), g.appId(), g.api(),
                    g.error(), g.message(), arn, g.inheritedFrom(), g.pagesRead())).toList());
        }
        return described
                .map(d -> new PermissionSet(arn, d.name(), d.description(), d.sessionDuration(), d.relayState(), d.createdDate(),
                        managed, customer, inline, boundary, provisioned, outdated))
                // Kept with what is known so that its assignments still join; the issue marks the rest missing.
                .orElseGet(() -> new PermissionSet(arn, null, null, null, null, null, managed, customer, inline, boundary,
                        provisioned, outdated));
    }

    /** Identity Center answers ResourceNotFoundException when a permission set has no boundary: that is "none", not an issue. */
    private PermissionsBoundary permissionsBoundary(String instanceArn, String arn) {
        return calls.get(AWS_IDC_PERMISSION_SET_BOUNDARIES, null, "sso:GetPermissionsBoundaryForPermissionSet", () -> {
            try {
                var b = ssoAdmin.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(arn))
                        .permissionsBoundary();
                if (b == null) {
                    return Optional.<PermissionsBoundary>empty();
                }
                var ref = b.customerManagedPolicyReference();
                return Optional.of(new PermissionsBoundary(ref == null ? null : ref.name(), ref == null ? null : ref.path(),
                        b.managedPolicyArn()));
            } catch (ResourceNotFoundException none) {
                return Optional.<PermissionsBoundary>empty();
            }
        }).flatMap(b -> b).orElse(null);
    }

    private Calls.Listed<String> provisionedAccounts(String instanceArn, String arn, ProvisioningStatus status) {
        return calls.listed(AWS_IDC_PERMISSION_SET_PROVISIONING, null, "sso:ListAccountsForProvisionedPermissionSet",
                "provisionedAccounts",
                () -> ssoAdmin.listAccountsForProvisionedPermissionSetPaginator(r -> r.instanceArn(instanceArn)
                        .permissionSetArn(arn).provisioningStatus(status).maxResults(pageSizes.identityCenter())),
                p -> p.accountIds());
    }

    /** The requests, and what is missing from them: the listing's gaps and the requests that could not be described. */
    private Calls.Listed<ProvisioningRequest> readProvisioningRequests(String instanceArn) {
        var requests = calls.listed(AWS_IDC_PROVISIONING_REQUESTS, null, "sso:ListPermissionSetProvisioningStatus",
                "provisioningRequests",
                () -> ssoAdmin.listPermissionSetProvisioningStatusPaginator(
                        r -> r.instanceArn(instanceArn).maxResults(pageSizes.identityCenter())),
                p -> p.permissionSetsProvisioningStatus());
        List<ProvisioningRequest> described = new ArrayList<>();
        List<CollectionIssue> gaps = new ArrayList<>(requests.gaps());
        for (var request : requests.items()) {
            calls.get(List.of(AWS_IDC_PROVISIONING_REQUESTS), null, "sso:DescribePermissionSetProvisioningStatus",
                            () -> ssoAdmin.describePermissionSetProvisioningStatus(
                                    r -> r.instanceArn(instanceArn).provisionPermissionSetRequestId(request.requestId()))
                                    .permissionSetProvisioningStatus(), gaps)
                    .ifPresent(s -> described.add(new ProvisioningRequest(s.requestId(), s.statusAsString(),
                            s.permissionSetArn(), s.accountId(), s.failureReason(), s.createdDate())));
        }
        return new Calls.Listed<>(described, List.copyOf(gaps));
    }

    private Calls.Listed<IdentityStoreUser> readUsers(String identityStoreId) {
        return calls.listed(AWS_IDC_USERS, null, "identitystore:ListUsers", "users",
                () -> identityStore.listUsersPaginator(r -> r.identityStoreId(identityStoreId).maxResults(pageSizes.identityCenter())),
                p -> p.users().stream().map(u -> new IdentityStoreUser(u.userId(), u.userName(), u.displayName(),
                        primaryEmail(u.emails()),
                        u.externalIds().stream().map(e -> new ExternalId(e.issuer(), e.id())).toList(),
                        u.userStatusAsString())).toList());
    }

    private record GroupsRead(Calls.Listed<IdentityStoreGroup> groups, List<GroupMembership> memberships) {}

    private GroupsRead readGroups(String identityStoreId) {
        var listed = calls.listed(AWS_IDC_GROUPS, null, "identitystore:ListGroups", "groups",
                () -> identityStore.listGroupsPaginator(r -> r.identityStoreId(identityStoreId).maxResults(pageSizes.identityCenter())),
                p -> p.groups().stream().map(g -> new IdentityStoreGroup(g.groupId(), g.displayName(), g.description(),
                        g.externalIds().stream().map(e -> new ExternalId(e.issuer(), e.id())).toList())).toList());
        // Memberships are listed per group: the groups the list missed, their members are missed too.
        calls.inherit(AWS_IDC_GROUP_MEMBERSHIPS, listed.gaps(), "memberships are listed per group, for the groups listed");
        List<IdentityStoreGroup> read = listed.items();
        List<GroupMembership> memberships = new ArrayList<>();
        Parallel.map(pool, read, group ->
            calls.pages(AWS_IDC_GROUP_MEMBERSHIPS, null, "identitystore:ListGroupMemberships",
                    "groupMemberships",
                    () -> identityStore.listGroupMembershipsPaginator(r -> r.identityStoreId(identityStoreId)
                            .groupId(group.groupId()).maxResults(pageSizes.identityCenter())),
                    p -> p.groupMemberships().stream()
                            // A member is a user today; skip any other kind rather than invent a user id.
                            .filter(m -> m.memberId() != null && m.memberId().userId() != null)
                            .map(m -> new GroupMembership(m.membershipId(),
                                    m.groupId() != null ? m.groupId() : group.groupId(), m.memberId().userId()))
                            .toList())).forEach(memberships::addAll);
        return new GroupsRead(listed, memberships);
    }

    /**
     * A membership names a user that a complete user list would hold: when the list does not,
     * it is incomplete although no call failed (the store changed while it was read, or the
     * service left the user out). When the list is already known to be partial, its issue says so.
     */
    private void crossCheckMembers(Calls.Listed<IdentityStoreUser> usersRead, List<GroupMembership> memberships) {
        if (!usersRead.complete()) {
            return;
        }
        Set<String> listed = new HashSet<>();
        usersRead.items().forEach(u -> listed.add(u.userId()));
        Set<String> unlisted = new TreeSet<>();
        memberships.stream().map(GroupMembership::userId).filter(id -> id != null && !listed.contains(id)).forEach(unlisted::add);
        if (!unlisted.isEmpty()) {
            calls.issue(new CollectionIssue(AWS_IDC_USERS, null, null, "identitystore:ListUsers", CollectionIssue.MISSING_FROM_LIST,
                    "group memberships name " + unlisted.size() + " users that ListUsers did not list: " + String.join(", ", unlisted),
                    null, AWS_IDC_GROUP_MEMBERSHIPS, null));
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The email marked primary, else the first one, else null. */
    private static String primaryEmail(List<Email> emails) {
        return emails.stream().filter(e -> Boolean.TRUE.equals(e.primary())).findFirst()
                .or(() -> emails.stream().findFirst())
                .map(Email::value)
                .orElse(null);
    }
}
