package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsWorld.Assignment;
import dev.idaudit.sandbox.aws.AwsWorld.Instance;
import dev.idaudit.sandbox.aws.AwsWorld.PermissionSet;
import dev.idaudit.sandbox.aws.AwsWorld.ProvisioningRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * IAM Identity Center administration (sso-admin/service-2.json, JSON 1.1, SWBExternalService).
 * An instance answers only to its owner account: the organization instance to the management
 * account (and to Identity Center's delegated administrator), an account instance to the member
 * account that made it. ListAccountAssignmentsForPrincipal answers only the management account
 * (its documentation: "This action must be called from the management account containing your
 * organization instance of IAM Identity Center. This action is not valid for account instances").
 */
final class SsoAdminService extends JsonService {
    private static final int MAX_RESULTS = 100;
    private static final List<String> PROVISIONING_STATUSES = List.of("LATEST_PERMISSION_SET_PROVISIONED", "LATEST_PERMISSION_SET_NOT_PROVISIONED");
    private static final List<String> REQUEST_STATUSES = List.of("IN_PROGRESS", "FAILED", "SUCCEEDED");

    SsoAdminService(AwsWorld world, int pageSize) {
        super(world, pageSize);
    }

    @Override
    String targetPrefix() {
        return "SWBExternalService";
    }

    @Override
    String serviceName() {
        return "sso-admin";
    }

    @Override
    AwsError invalid(String message) {
        return new AwsError("ValidationException", 400, message);
    }

    private static AwsError notFound(String message) {
        return new AwsError("ResourceNotFoundException", 400, message);
    }

    @Override
    ObjectNode call(String operation, Input in, Identity caller) {
        if (operation.equals("ListInstances")) {
            List<Instance> own = world.instances.stream().filter(i -> readableBy(i, caller)).toList();
            return pageOutput("Instances", page(own, "instances:" + caller.accountId(), in, MAX_RESULTS),
                    i -> world.instancesListedWithoutStatus ? (ObjectNode) instanceMetadata(i).without("Status") : instanceMetadata(i));
        }
        Instance instance = instance(in.required("InstanceArn"), caller);
        return switch (operation) {
            case "DescribeInstance" -> instanceMetadata(instance);
            case "ListPermissionSets" -> pageOutput("PermissionSets",
                    page(permissionSets(instance).stream().map(PermissionSet::arn).toList(), "permission-sets:" + instance.id(), in, MAX_RESULTS),
                    arn -> object().textNode(arn));
            case "DescribePermissionSet" -> {
                PermissionSet ps = permissionSet(instance, in);
                ObjectNode p = object();
                p.put("Name", ps.name());
                p.put("PermissionSetArn", ps.arn());
                put(p, "Description", ps.description());
                put(p, "CreatedDate", ps.created());
                p.put("SessionDuration", ps.sessionDuration());
                put(p, "RelayState", ps.relayState());
                ObjectNode out = object();
                out.set("PermissionSet", p);
                yield out;
            }
            case "ListManagedPoliciesInPermissionSet" -> {
                PermissionSet ps = permissionSet(instance, in);
                yield pageOutput("AttachedManagedPolicies", page(ps.managedPolicyArns(), "managed:" + ps.id(), in, MAX_RESULTS),
                        arn -> object().put("Name", arn.substring(arn.lastIndexOf('/') + 1)).put("Arn", arn));
            }
            case "ListCustomerManagedPolicyReferencesInPermissionSet" -> {
                PermissionSet ps = permissionSet(instance, in);
                yield pageOutput("CustomerManagedPolicyReferences", page(ps.customerManagedPolicies(), "customer:" + ps.id(), in, MAX_RESULTS),
                        ref -> object().put("Name", ref.name()).put("Path", ref.path()));
            }
            case "GetInlinePolicyForPermissionSet" -> {
                PermissionSet ps = permissionSet(instance, in);
                // No inline policy: the member is left out (the model requires at least one character;
                // moto answers "" instead, so a collector must take both as "none").
                yield put(object(), "InlinePolicy", ps.inlinePolicy());
            }
            case "GetPermissionsBoundaryForPermissionSet" -> {
                PermissionSet ps = permissionSet(instance, in);
                if (ps.permissionsBoundary() == null) {
                    throw notFound("Could not find a permissions boundary for permission set " + ps.arn());
                }
                ObjectNode boundary = object();
                var customer = ps.permissionsBoundary().customerManagedPolicy();
                if (customer != null) {
                    boundary.putObject("CustomerManagedPolicyReference").put("Name", customer.name()).put("Path", customer.path());
                } else {
                    boundary.put("ManagedPolicyArn", ps.permissionsBoundary().managedPolicyArn());
                }
                ObjectNode out = object();
                out.set("PermissionsBoundary", boundary);
                yield out;
            }
            case "ListAccountsForProvisionedPermissionSet" -> {
                PermissionSet ps = permissionSet(instance, in);
                String status = in.optEnum("ProvisioningStatus", PROVISIONING_STATUSES);
                List<String> accounts = new ArrayList<>();
                if (status == null || status.equals("LATEST_PERMISSION_SET_PROVISIONED")) {
                    accounts.addAll(ps.provisioned());
                }
                if (status == null || status.equals("LATEST_PERMISSION_SET_NOT_PROVISIONED")) {
                    accounts.addAll(ps.outdated());
                }
                yield pageOutput("AccountIds", page(accounts, "provisioned:" + ps.id() + ":" + status, in, MAX_RESULTS),
                        id -> object().textNode(id));
            }
            case "ListPermissionSetsProvisionedToAccount" -> {
                String account = in.required("AccountId");
                String status = in.optEnum("ProvisioningStatus", PROVISIONING_STATUSES);
                List<String> arns = permissionSets(instance).stream()
                        .filter(ps -> (status == null || status.equals("LATEST_PERMISSION_SET_PROVISIONED")) && ps.provisioned().contains(account)
                                || (status == null || status.equals("LATEST_PERMISSION_SET_NOT_PROVISIONED")) && ps.outdated().contains(account))
                        .map(PermissionSet::arn).toList();
                yield pageOutput("PermissionSets", page(arns, "provisioned-to:" + account + ":" + status, in, MAX_RESULTS),
                        arn -> object().textNode(arn));
            }
            case "ListPermissionSetProvisioningStatus" -> {
                String status = in.structure("Filter").optEnum("Status", REQUEST_STATUSES);
                List<ProvisioningRequest> requests = requests(instance).stream()
                        .filter(r -> status == null || r.status().equals(status)).toList();
                yield pageOutput("PermissionSetsProvisioningStatus", page(requests, "provisioning:" + instance.id() + ":" + status, in, MAX_RESULTS),
                        r -> put(object().put("Status", r.status()).put("RequestId", r.id()), "CreatedDate", r.created()));
            }
            case "DescribePermissionSetProvisioningStatus" -> {
                String id = in.required("ProvisionPermissionSetRequestId");
                ProvisioningRequest r = requests(instance).stream().filter(q -> q.id().equals(id)).findFirst()
                        .orElseThrow(() -> notFound("Provisioning request " + id + " does not exist"));
                ObjectNode status = object();
                status.put("Status", r.status());
                status.put("RequestId", r.id());
                status.put("AccountId", r.accountId());
                status.put("PermissionSetArn", r.permissionSet().arn());
                put(status, "FailureReason", r.failureReason());
                put(status, "CreatedDate", r.created());
                ObjectNode out = object();
                out.set("PermissionSetProvisioningStatus", status);
                yield out;
            }
            case "ListAccountAssignments" -> {
                String account = in.required("AccountId");
                PermissionSet ps = permissionSet(instance, in);
                List<Assignment> found = world.assignments(ps, account);
                yield pageOutput("AccountAssignments", page(found, "assignments:" + ps.id() + ":" + account, in, MAX_RESULTS), this::assignment);
            }
            case "ListAccountAssignmentsForPrincipal" -> {
                if (!world.organizationInstance(instance) || !caller.accountId().equals(world.managementAccountId())) {
                    // The operation lists AccessDeniedException as its error for a caller it does not serve;
                    // the message's wording is ours (AWS documents none for this case).
                    throw new AwsError("AccessDeniedException", 400, "ListAccountAssignmentsForPrincipal must be called from the "
                            + "management account of the organization instance; " + caller.arn() + " is not in it");
                }
                String principalId = in.required("PrincipalId");
                String type = in.optEnum("PrincipalType", List.of("USER", "GROUP"));
                if (type == null) {
                    throw invalid("1 validation error detected: Value null at 'principalType' failed to satisfy constraint: Member must not be null");
                }
                String account = in.structure("Filter").optional("AccountId");
                List<Assignment> found = world.assignments.stream()
                        .filter(a -> a.permissionSet().instanceId().equals(instance.id()))
                        .filter(a -> a.principalId().equals(principalId) && a.principalType().equals(type))
                        .filter(a -> account == null || a.accountId().equals(account)).toList();
                yield pageOutput("AccountAssignments", page(found, "for-principal:" + type + ":" + principalId + ":" + account, in, MAX_RESULTS),
                        this::assignment);
            }
            default -> throw unknownOperation(operation);
        };
    }

    private ObjectNode instanceMetadata(Instance i) {
        ObjectNode o = object();
        o.put("InstanceArn", i.arn());
        o.put("IdentityStoreId", i.identityStoreId());
        o.put("OwnerAccountId", i.ownerAccountId());
        o.put("Name", i.name());
        put(o, "CreatedDate", i.created());
        o.put("Status", i.status());
        return o;
    }

    private ObjectNode assignment(Assignment a) {
        return object().put("AccountId", a.accountId()).put("PermissionSetArn", a.permissionSet().arn())
                .put("PrincipalType", a.principalType()).put("PrincipalId", a.principalId());
    }

    private Instance instance(String arn, Identity caller) {
        Instance instance = world.instanceByArn(arn)
                .orElseThrow(() -> notFound("Instance " + arn + " does not exist"));
        if (!readableBy(instance, caller)) {
            throw new AwsError("AccessDeniedException", 400, "User: " + caller.arn() + " is not authorized to perform this operation on " + arn);
        }
        return instance;
    }

    private boolean readableBy(Instance instance, Identity caller) {
        return world.instanceReadableBy(instance, caller.accountId());
    }

    private List<PermissionSet> permissionSets(Instance instance) {
        return world.permissionSets.stream().filter(ps -> ps.instanceId().equals(instance.id())).toList();
    }

    private List<ProvisioningRequest> requests(Instance instance) {
        return world.provisioningRequests.stream().filter(r -> r.permissionSet().instanceId().equals(instance.id())).toList();
    }

    private PermissionSet permissionSet(Instance instance, Input in) {
        String arn = in.required("PermissionSetArn");
        return permissionSets(instance).stream().filter(ps -> ps.arn().equals(arn)).findFirst()
                .orElseThrow(() -> notFound("Could not find PermissionSet with arn " + arn));
    }
}
