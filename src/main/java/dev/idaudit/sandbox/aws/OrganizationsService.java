package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsWorld.Account;
import dev.idaudit.sandbox.aws.AwsWorld.OrganizationalUnit;
import dev.idaudit.sandbox.aws.AwsWorld.ServiceControlPolicy;
import java.util.List;
import java.util.Optional;

/** AWS Organizations (organizations/service-2.json, JSON 1.1, AWSOrganizationsV20161128). */
final class OrganizationsService extends JsonService {
    /** MaxResults of every Organizations list operation. */
    private static final int MAX_RESULTS = 20;
    private static final List<String> POLICY_TYPES = List.of("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY",
            "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2", "SECURITYHUB_POLICY",
            "INSPECTOR_POLICY", "UPGRADE_ROLLOUT_POLICY", "BEDROCK_POLICY", "S3_POLICY");

    OrganizationsService(AwsWorld world, int pageSize) {
        super(world, pageSize);
    }

    @Override
    String targetPrefix() {
        return "AWSOrganizationsV20161128";
    }

    @Override
    String serviceName() {
        return "organizations";
    }

    @Override
    AwsError invalid(String message) {
        return new AwsError("InvalidInputException", 400, message);
    }

    private static AwsError notFound(String code, String message) {
        return new AwsError(code, 400, message);
    }

    @Override
    ObjectNode call(String operation, Input in, Identity caller) {
        // Any account of the organization may describe it; the rest is for the management account or
        // a delegated administrator (ListRoots' documentation: "You can only call this operation from
        // the management account or a member account that is a delegated administrator.").
        if (!operation.equals("DescribeOrganization") && !caller.accountId().equals(world.managementAccountId())
                && !world.delegatedAdministrator(caller.accountId())) {
            throw new AwsError("AccessDeniedException", 400,
                    "You don't have permissions to access this resource. The call must come from the management account or a delegated administrator.");
        }
        return switch (operation) {
            case "DescribeOrganization" -> describeOrganization();
            case "ListRoots" -> pageOutput("Roots", page(List.of(world.organization.rootId()), "roots", in, MAX_RESULTS), id -> root());
            case "ListOrganizationalUnitsForParent" -> {
                String parent = existingParent(in.required("ParentId"));
                List<OrganizationalUnit> children = world.organizationalUnits.stream().filter(ou -> ou.parentId().equals(parent)).toList();
                yield pageOutput("OrganizationalUnits", page(children, "ous:" + parent, in, MAX_RESULTS), this::organizationalUnit);
            }
            case "ListAccounts" -> pageOutput("Accounts", page(world.accounts, "accounts", in, MAX_RESULTS), this::account);
            case "ListAccountsForParent" -> {
                String parent = existingParent(in.required("ParentId"));
                List<Account> children = world.accounts.stream().filter(a -> a.parentId().equals(parent)).toList();
                yield pageOutput("Accounts", page(children, "accounts:" + parent, in, MAX_RESULTS), this::account);
            }
            case "ListChildren" -> listChildren(in);
            case "ListParents" -> listParents(in);
            case "ListPolicies" -> {
                String type = in.optEnum("Filter", POLICY_TYPES);
                if (type == null) {
                    throw invalid("1 validation error detected: Value null at 'filter' failed to satisfy constraint: Member must not be null");
                }
                List<ServiceControlPolicy> policies = type.equals("SERVICE_CONTROL_POLICY") ? world.policies : List.of();
                yield pageOutput("Policies", page(policies, "policies:" + type, in, MAX_RESULTS), this::policySummary);
            }
            case "ListPoliciesForTarget" -> {
                String target = in.required("TargetId");
                String type = in.optEnum("Filter", POLICY_TYPES);
                if (targetName(target).isEmpty()) {
                    throw notFound("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
                }
                List<ServiceControlPolicy> policies = "SERVICE_CONTROL_POLICY".equals(type)
                        ? world.policies.stream().filter(p -> p.targets().contains(target)).toList() : List.of();
                yield pageOutput("Policies", page(policies, "policies-for:" + target + ":" + type, in, MAX_RESULTS), this::policySummary);
            }
            case "DescribePolicy" -> {
                ServiceControlPolicy policy = policy(in.required("PolicyId"));
                ObjectNode out = object();
                ObjectNode p = out.putObject("Policy");
                p.set("PolicySummary", policySummary(policy));
                p.put("Content", policy.content());
                yield out;
            }
            case "ListTargetsForPolicy" -> {
                ServiceControlPolicy policy = policy(in.required("PolicyId"));
                yield pageOutput("Targets", page(policy.targets(), "targets:" + policy.id(), in, MAX_RESULTS), this::target);
            }
            default -> throw unknownOperation(operation);
        };
    }

    private ObjectNode describeOrganization() {
        var org = world.organization;
        Account management = world.account(org.managementAccountId()).orElseThrow();
        ObjectNode o = object();
        o.put("Id", org.id());
        o.put("Arn", org.arn());
        o.put("FeatureSet", org.featureSet());
        o.put("MasterAccountArn", accountArn(management.id()));
        o.put("MasterAccountId", management.id());
        o.put("MasterAccountEmail", management.email());
        o.set("AvailablePolicyTypes", policyTypes());
        ObjectNode out = object();
        out.set("Organization", o);
        return out;
    }

    private ArrayNode policyTypes() {
        ArrayNode types = object().arrayNode();
        if (world.organization.featureSet().equals("ALL")) {
            types.addObject().put("Type", "SERVICE_CONTROL_POLICY").put("Status", "ENABLED");
        }
        return types;
    }

    private ObjectNode root() {
        ObjectNode r = object();
        r.put("Id", world.organization.rootId());
        r.put("Arn", arn("root", world.organization.rootId()));
        r.put("Name", world.organization.rootName());
        r.set("PolicyTypes", policyTypes());
        return r;
    }

    private ObjectNode organizationalUnit(OrganizationalUnit ou) {
        return object().put("Id", ou.id()).put("Arn", arn("ou", ou.id())).put("Name", ou.name());
    }

    private ObjectNode account(Account a) {
        ObjectNode o = object();
        o.put("Id", a.id());
        o.put("Arn", accountArn(a.id()));
        o.put("Email", a.email());
        o.put("Name", a.name());
        // The older Status enum knows ACTIVE, SUSPENDED and PENDING_CLOSURE; a closed account shows as SUSPENDED there.
        switch (a.state()) {
            case "ACTIVE", "SUSPENDED", "PENDING_CLOSURE" -> o.put("Status", a.state());
            case "CLOSED" -> o.put("Status", "SUSPENDED");
            default -> { }
        }
        o.put("State", a.state());
        o.put("JoinedMethod", a.joinedMethod());
        put(o, "JoinedTimestamp", a.joined());
        return o;
    }

    private ObjectNode listChildren(Input in) {
        String parent = existingParent(in.required("ParentId"));
        String type = in.optEnum("ChildType", List.of("ACCOUNT", "ORGANIZATIONAL_UNIT"));
        if (type == null) {
            throw invalid("1 validation error detected: Value null at 'childType' failed to satisfy constraint: Member must not be null");
        }
        List<String> ids = type.equals("ACCOUNT")
                ? world.accounts.stream().filter(a -> a.parentId().equals(parent)).map(Account::id).toList()
                : world.organizationalUnits.stream().filter(ou -> ou.parentId().equals(parent)).map(OrganizationalUnit::id).toList();
        return pageOutput("Children", page(ids, "children:" + parent + ":" + type, in, MAX_RESULTS),
                id -> object().put("Id", id).put("Type", type));
    }

    private ObjectNode listParents(Input in) {
        String child = in.required("ChildId");
        String parent = world.accounts.stream().filter(a -> a.id().equals(child)).map(Account::parentId).findFirst()
                .or(() -> world.organizationalUnits.stream().filter(ou -> ou.id().equals(child)).map(OrganizationalUnit::parentId).findFirst())
                .orElseThrow(() -> notFound("ChildNotFoundException",
                        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."));
        return pageOutput("Parents", page(List.of(parent), "parents:" + child, in, MAX_RESULTS), id -> object().put("Id", id)
                .put("Type", id.equals(world.organization.rootId()) ? "ROOT" : "ORGANIZATIONAL_UNIT"));
    }

    private ObjectNode policySummary(ServiceControlPolicy p) {
        ObjectNode s = object();
        s.put("Id", p.id());
        s.put("Arn", p.awsManaged()
                ? "arn:aws:organizations::aws:policy/service_control_policy/" + p.id()
                : "arn:aws:organizations::" + world.managementAccountId() + ":policy/" + world.organization.id() + "/service_control_policy/" + p.id());
        s.put("Name", p.name());
        put(s, "Description", p.description());
        s.put("Type", "SERVICE_CONTROL_POLICY");
        s.put("AwsManaged", p.awsManaged());
        return s;
    }

    private ObjectNode target(String targetId) {
        ObjectNode t = object();
        t.put("TargetId", targetId);
        if (targetId.equals(world.organization.rootId())) {
            t.put("Arn", arn("root", targetId)).put("Name", world.organization.rootName()).put("Type", "ROOT");
        } else if (targetId.startsWith("ou-")) {
            t.put("Arn", arn("ou", targetId)).put("Name", targetName(targetId).orElseThrow()).put("Type", "ORGANIZATIONAL_UNIT");
        } else {
            t.put("Arn", accountArn(targetId)).put("Name", targetName(targetId).orElseThrow()).put("Type", "ACCOUNT");
        }
        return t;
    }

    private Optional<String> targetName(String id) {
        if (id.equals(world.organization.rootId())) {
            return Optional.of(world.organization.rootName());
        }
        return world.organizationalUnits.stream().filter(ou -> ou.id().equals(id)).map(OrganizationalUnit::name).findFirst()
                .or(() -> world.account(id).map(Account::name));
    }

    private ServiceControlPolicy policy(String id) {
        return world.policies.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> notFound("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified."));
    }

    private String existingParent(String id) {
        boolean known = id.equals(world.organization.rootId()) || world.organizationalUnits.stream().anyMatch(ou -> ou.id().equals(id));
        if (!known) {
            throw notFound("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
        }
        return id;
    }

    private String arn(String kind, String id) {
        return "arn:aws:organizations::" + world.managementAccountId() + ":" + kind + "/" + world.organization.id() + "/" + id;
    }

    private String accountArn(String accountId) {
        return arn("account", accountId);
    }
}
