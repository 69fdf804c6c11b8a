package dev.idaudit.drift;

import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.Assignment;
import dev.idaudit.snapshot.AwsSnapshot.ExternalId;
import dev.idaudit.snapshot.AwsSnapshot.GroupMembership;
import dev.idaudit.snapshot.AwsSnapshot.IdentityStoreGroup;
import dev.idaudit.snapshot.AwsSnapshot.IdentityStoreUser;
import dev.idaudit.snapshot.AwsSnapshot.ManagedPolicy;
import dev.idaudit.snapshot.AwsSnapshot.MemberAccount;
import dev.idaudit.snapshot.AwsSnapshot.PermissionSet;
import dev.idaudit.snapshot.AwsSnapshot.ReservedRole;
import dev.idaudit.snapshot.AwsSnapshot.SamlProvider;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Metadata;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.OktaSnapshot.AppGroup;
import dev.idaudit.snapshot.OktaSnapshot.AppUser;
import dev.idaudit.snapshot.OktaSnapshot.Group;
import dev.idaudit.snapshot.OktaSnapshot.GroupMembers;
import dev.idaudit.snapshot.OktaSnapshot.PushMapping;
import dev.idaudit.snapshot.OktaSnapshot.User;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The acme cast (src/main/resources/idaudit/scenarios/acme/scenario.yaml) as a hand-built
 * snapshot: the parts diff and drift compare, with the values the sandbox serves
 * (acme/okta.yaml, acme/aws.yaml) wherever diff or drift compares them, so that acme.tfstate
 * describes both. A test changes the lists, then builds.
 */
final class AcmeSnapshot {
    static final Instant TAKEN = Instant.parse("2026-11-21T03:00:00Z");
    static final String INSTANCE = "arn:aws:sso:::instance/ssoins-acme0000000001";
    static final String OKTA = "https://acme.okta.com";
    static final String ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";
    /** The Developer inline policy as AWS returns it: pretty-printed, keys in AWS's order. */
    static final String DEVELOPER_INLINE = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "LetDevelopersManageRoles",
                  "Effect": "Allow",
                  "Action": "iam:*",
                  "Resource": "*"
                }
              ]
            }""";

    static String ps(String name) {
        String id = switch (name) {
            case "DevOps-AdministratorAccess" -> "9ea0c91b06e65bc4";
            case "Developer" -> "d1b88274770d57e3";
            case "ReadOnly" -> "ca3de9b067e01990";
            case "BreakGlass" -> "7a1d7da1b060e3bb";
            case "SecurityAudit" -> "02b46386edaf53e8";
            default -> throw new IllegalArgumentException(name);
        };
        return "arn:aws:sso:::permissionSet/ssoins-acme0000000001/ps-" + id;
    }

    String source = "sandbox:acme";
    Instant taken = TAKEN;
    final List<User> oktaUsers = new ArrayList<>();
    final List<Group> oktaGroups = new ArrayList<>();
    final List<GroupMembers> oktaMembers = new ArrayList<>();
    final List<OktaSnapshot.App> apps = new ArrayList<>();
    final List<AppUser> appUsers = new ArrayList<>();
    final List<AppGroup> appGroups = new ArrayList<>();
    final List<PushMapping> pushMappings = new ArrayList<>();
    final List<Account> accounts = new ArrayList<>();
    final List<PermissionSet> permissionSets = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    final List<IdentityStoreUser> idsUsers = new ArrayList<>();
    final List<IdentityStoreGroup> idsGroups = new ArrayList<>();
    final List<GroupMembership> memberships = new ArrayList<>();
    final List<MemberAccount> memberAccounts = new ArrayList<>();
    final List<CollectionIssue> issues = new ArrayList<>();
    /** The app object's features (the documented provisioning state of amazon_aws_sso). */
    final List<String> appFeatures = new ArrayList<>(List.of("GROUP_PUSH", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"));
    String signingKid = "kid-valid";
    final List<OktaSnapshot.Feature> features = new ArrayList<>(List.of(new OktaSnapshot.Feature("USER_PROVISIONING", "ENABLED",
            Map.of("update.lifecycleDeactivate", "ENABLED", "create.lifecycleCreate", "ENABLED"))));
    AwsSnapshot.Organization organization = new AwsSnapshot.Organization("o-acme00001",
            "arn:aws:organizations::111111111111:organization/o-acme00001", "ALL", "111111111111", "aws@acme.example",
            List.of("RootCredentialsManagement"));
    final List<AwsSnapshot.OrganizationalUnit> organizationalUnits = new ArrayList<>(List.of(
            new AwsSnapshot.OrganizationalUnit("ou-acme-sec", "arn:ou-acme-sec", "Security", "r-acme", "Root/Security"),
            new AwsSnapshot.OrganizationalUnit("ou-acme-wl", "arn:ou-acme-wl", "Workloads", "r-acme", "Root/Workloads")));
    final List<AwsSnapshot.ServiceControlPolicy> scps = new ArrayList<>(List.of(new AwsSnapshot.ServiceControlPolicy(
            "p-acmedenyct01", "arn:p-acmedenyct01", "DenyCloudTrailTampering", "Nobody stops the trail", false,
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"cloudtrail:StopLogging\","
                    + "\"cloudtrail:DeleteTrail\"],\"Resource\":\"*\"}]}",
            List.of(new AwsSnapshot.Target("ou-acme-wl", "ORGANIZATIONAL_UNIT", "Workloads")))));
    final List<AwsSnapshot.Trail> trails = new ArrayList<>(List.of(new AwsSnapshot.Trail("acme-org-trail",
            "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-org-trail", "us-east-1", true, true, true)));
    final List<AwsSnapshot.Instance> instances = new ArrayList<>(List.of(
            new AwsSnapshot.Instance(INSTANCE, "d-acme000001", "111111111111", "acme", "ACTIVE"),
            new AwsSnapshot.Instance("arn:aws:sso:::instance/ssoins-acmedev00000002", "d-acmedev0002", "444444444444",
                    "acme-dev-experiment", "ACTIVE")));

    AcmeSnapshot() {
        user("00u1alice0000000001", "alice", "ACTIVE");
        user("00u1bob000000000002", "bob", "ACTIVE");
        user("00u1carol0000000003", "carol", "ACTIVE");
        user("00u1dave00000000004", "dave", "DEPROVISIONED");
        user("00u1erin00000000005", "erin", "SUSPENDED");
        user("00u1frank0000000006", "frank", "ACTIVE");
        user("00u1grace0000000007", "grace", "ACTIVE");
        user("00u1heidi0000000008", "heidi", "ACTIVE");
        user("00u1ivan00000000009", "ivan", "ACTIVE");
        user("00u1judy00000000010", "judy", "ACTIVE");

        oktaGroups.add(new Group("00g1devops000000001", "org-DevOps", "Platform engineers; AWS administrators", "OKTA_GROUP"));
        oktaGroups.add(new Group("00g1devs0000000002", "org-Developers", "Application developers", "OKTA_GROUP"));
        oktaGroups.add(new Group("00g1readonly000003", "org-ReadOnly", "Read-only AWS access", "OKTA_GROUP"));
        oktaGroups.add(new Group("00g1breakglass0004", "org-BreakGlass", "Emergency access to the management account", "OKTA_GROUP"));
        oktaGroups.add(new Group("00g1awsusers000005", "org-AWS-Users", "Everyone provisioned to AWS IAM Identity Center", "OKTA_GROUP"));
        oktaGroups.add(new Group("00g1everyone000006", "Everyone", "All users in your organization", "BUILT_IN"));
        // The push targets: APP_GROUPs named as their source groups.
        oktaGroups.add(new Group("00g1devopsapp00011", "org-DevOps", "Platform engineers; AWS administrators", "APP_GROUP"));
        oktaGroups.add(new Group("00g1devsapp000012", "org-Developers", "Application developers", "APP_GROUP"));
        oktaGroups.add(new Group("00g1readonlyapp013", "org-ReadOnly", "Read-only AWS access", "APP_GROUP"));
        oktaGroups.add(new Group("00g1breakglassap14", "org-BreakGlass", "Emergency access to the management account", "APP_GROUP"));
        oktaMembers.add(new GroupMembers("00g1devops000000001", List.of("00u1alice0000000001")));
        oktaMembers.add(new GroupMembers("00g1devs0000000002", List.of("00u1bob000000000002", "00u1carol0000000003", "00u1grace0000000007")));
        oktaMembers.add(new GroupMembers("00g1readonly000003", List.of("00u1erin00000000005", "00u1heidi0000000008")));
        oktaMembers.add(new GroupMembers("00g1breakglass0004", List.of("00u1judy00000000010")));
        oktaMembers.add(new GroupMembers("00g1awsusers000005", List.of("00u1alice0000000001", "00u1bob000000000002",
                "00u1carol0000000003", "00u1erin00000000005", "00u1grace0000000007", "00u1heidi0000000008", "00u1judy00000000010")));

        apps.add(new OktaSnapshot.App("0oa1awssso00000001", "amazon_aws_sso", "AWS IAM Identity Center", "ACTIVE", "SAML_2_0"));
        apps.add(new OktaSnapshot.App("0oa1awssso00000002", "amazon_aws_sso", "AWS IAM Identity Center (test)", "ACTIVE", "SAML_2_0"));
        apps.add(new OktaSnapshot.App("0oa1awsfed00000003", "amazon_aws", "AWS Account Federation (legacy)", "ACTIVE", "SAML_2_0"));
        apps.add(new OktaSnapshot.App("0oa1awsfed00000004", "amazon_aws", "AWS Account Federation (old)", "INACTIVE", "SAML_2_0"));
        apps.add(new OktaSnapshot.App("0oa1slack0000000005", "slack", "Slack", "ACTIVE", "SAML_2_0"));
        for (String[] u : new String[][] {{"alice", "0001"}, {"bob", "0002"}, {"carol", "0003"}, {"erin", "0005"}, {"heidi", "0008"}, {"judy", "0010"}}) {
            appUsers.add(new AppUser(oktaId(u[0]), "9a6c" + u[1] + "-" + u[0], u[0] + "@acme.example", "GROUP", "PROVISIONED", "SYNCHRONIZED", TAKEN));
        }
        appUsers.add(new AppUser("00u1dave00000000004", null, "dave@acme.example", "GROUP", "DEPROVISIONED", "SYNCHRONIZED", TAKEN));
        appUsers.add(new AppUser("00u1frank0000000006", "9a6c0006-frank", "frank@acme.example", "USER", "PROVISIONED", "ERROR", TAKEN));
        appUsers.add(new AppUser("00u1grace0000000007", null, "grace@acme.example", "GROUP", "STAGED", "OUT_OF_SYNC", null));
        appGroups.add(new AppGroup("00g1devops000000001", 0));
        appGroups.add(new AppGroup("00g1devs0000000002", 1));
        appGroups.add(new AppGroup("00g1readonly000003", 2));
        appGroups.add(new AppGroup("00g1breakglass0004", 3));
        appGroups.add(new AppGroup("00g1awsusers000005", 4));
        pushMappings.add(new PushMapping("gPm1devops0000000001", "00g1devops000000001", "00g1devopsapp00011", "ACTIVE", null, TAKEN, TAKEN, "org-DevOps"));
        pushMappings.add(new PushMapping("gPm1devs00000000002", "00g1devs0000000002", "00g1devsapp000012", "ACTIVE", null, TAKEN, TAKEN, "org-Developers"));
        pushMappings.add(new PushMapping("gPm1readonly0000003", "00g1readonly000003", "00g1readonlyapp013", "ERROR",
                "Group push failed: 409 conflict", TAKEN, TAKEN, "org-ReadOnly"));
        pushMappings.add(new PushMapping("gPm1breakglass00004", "00g1breakglass0004", "00g1breakglassap14", "ACTIVE", null, TAKEN, TAKEN, "org-BreakGlass"));

        account("111111111111", "acme-management", "ACTIVE", "Root");
        account("222222222222", "acme-prod", "ACTIVE", "Root/Workloads/Prod");
        account("333333333333", "acme-staging", "ACTIVE", "Root/Workloads/NonProd");
        account("444444444444", "acme-dev", "ACTIVE", "Root/Workloads/NonProd");
        account("555555555555", "acme-sandbox", "SUSPENDED", "Root/Sandbox");
        account("666666666666", "acme-logs", "ACTIVE", "Root/Security");

        permissionSet("DevOps-AdministratorAccess", "Full administrator access for the DevOps team", "PT12H", List.of(ADMIN_POLICY), null);
        permissionSet("Developer", "Builds and runs workloads", "PT8H", List.of("arn:aws:iam::aws:policy/PowerUserAccess"), DEVELOPER_INLINE);
        permissionSet("ReadOnly", "Read-only access to every service", "PT4H", List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), null);
        permissionSet("BreakGlass", "Emergency administrator access to the management account", "PT1H", List.of(ADMIN_POLICY), null);
        permissionSet("SecurityAudit", "Security auditors", "PT2H", List.of("arn:aws:iam::aws:policy/SecurityAudit"), null);
        replace(permissionSets, p -> p.name().equals("Developer"), p -> new PermissionSet(p.arn(), p.name(), p.description(),
                p.sessionDuration(), "https://console.aws.amazon.com/console/home?region=us-east-1", p.created(), p.awsManagedPolicies(),
                List.of(new AwsSnapshot.CustomerManagedPolicy("AcmeDeveloperGuardrails", "/acme/")), p.inlinePolicy(),
                new AwsSnapshot.PermissionsBoundary("AcmeDeveloperBoundary", "/acme/", null), p.provisionedAccountIds(),
                p.outdatedAccountIds()));
        replace(permissionSets, p -> p.name().equals("ReadOnly"), p -> new PermissionSet(p.arn(), p.name(), p.description(),
                p.sessionDuration(), p.relayState(), p.created(), p.awsManagedPolicies(), p.customerManagedPolicies(), p.inlinePolicy(),
                new AwsSnapshot.PermissionsBoundary(null, null, "arn:aws:iam::aws:policy/ReadOnlyAccess"), p.provisionedAccountIds(),
                p.outdatedAccountIds()));

        assign("GROUP", "9a6b0001-devops", "DevOps-AdministratorAccess", "222222222222", "333333333333", "444444444444");
        assign("GROUP", "9a6b0002-developers", "Developer", "333333333333", "444444444444", "111111111111");
        assign("GROUP", "9a6b0003-readonly", "ReadOnly", "222222222222", "333333333333", "444444444444", "555555555555");
        assign("GROUP", "9a6b0004-breakglass", "BreakGlass", "111111111111");
        assign("GROUP", "9a6b0099-legacy", "DevOps-AdministratorAccess", "333333333333");
        assign("USER", "9a6c0099-mallory", "DevOps-AdministratorAccess", "444444444444");
        assign("GROUP", "9a6b0404-deleted", "ReadOnly", "444444444444");

        for (String[] u : new String[][] {{"alice", "0001"}, {"bob", "0002"}, {"carol", "0003"}, {"dave", "0004"}, {"erin", "0005"},
                {"frank", "0006"}, {"heidi", "0008"}, {"judy", "0010"}, {"oscar", "0098"}}) {
            String email = u[0].equals("heidi") ? "heidi.old@acme.example" : u[0] + "@acme.example";
            String oktaId = u[0].equals("oscar") ? "00u1oscar0000000098" : oktaId(u[0]);
            idsUsers.add(new IdentityStoreUser("9a6c" + u[1] + "-" + u[0], u[0] + "@acme.example", u[0], email,
                    List.of(new ExternalId(OKTA, oktaId)), "ENABLED"));
        }
        idsUsers.add(new IdentityStoreUser("9a6c0099-mallory", "mallory", "mallory", null, List.of(), "ENABLED"));
        idsGroups.add(new IdentityStoreGroup("9a6b0001-devops", "org-DevOps", null, List.of()));
        idsGroups.add(new IdentityStoreGroup("9a6b0002-developers", "org-Developers", null, List.of()));
        idsGroups.add(new IdentityStoreGroup("9a6b0003-readonly", "org-ReadOnly", null, List.of()));
        idsGroups.add(new IdentityStoreGroup("9a6b0004-breakglass", "org-BreakGlass", null, List.of()));
        idsGroups.add(new IdentityStoreGroup("9a6b0099-legacy", "legacy-admins", "Admins from before Okta", List.of()));
        member("9a6b0001-devops", "9a6c0001-alice");
        member("9a6b0002-developers", "9a6c0002-bob");
        member("9a6b0002-developers", "9a6c0003-carol");
        member("9a6b0002-developers", "9a6c0004-dave");
        member("9a6b0003-readonly", "9a6c0005-erin");
        member("9a6b0003-readonly", "9a6c0008-heidi");
        member("9a6b0004-breakglass", "9a6c0010-judy");
        member("9a6b0099-legacy", "9a6c0098-oscar");

        for (String account : List.of("111111111111", "222222222222", "333333333333", "444444444444", "666666666666")) {
            List<ReservedRole> roles = new ArrayList<>();
            for (Assignment a : assignments) {
                String psName = nameOf(a.permissionSetArn());
                String roleName = "AWSReservedSSO_" + psName + "_" + hex(psName + account);
                boolean missing = psName.equals("ReadOnly") && account.equals("444444444444");
                if (a.accountId().equals(account) && !missing && roles.stream().noneMatch(r -> r.roleName().equals(roleName))) {
                    roles.add(role(account, roleName, psName));
                }
            }
            if (account.equals("222222222222")) {
                roles.add(role(account, "AWSReservedSSO_OldProjectAccess_0123456789abcdef", "OldProjectAccess"));
            }
            List<SamlProvider> providers = new ArrayList<>();
            providers.add(saml(account, "AWSSSO_a1b2c3d4e5f6_DO_NOT_DELETE"));
            if (account.equals("333333333333")) {
                providers.add(saml(account, "OktaLegacy"));
            }
            List<AwsSnapshot.CredentialReportRow> report = new ArrayList<>();
            report.add(new AwsSnapshot.CredentialReportRow("<root_account>", "arn:aws:iam::" + account + ":root", false, true,
                    false, false, null, null, null));
            if (account.equals("444444444444")) {
                report.add(new AwsSnapshot.CredentialReportRow("ci-deploy", "arn:aws:iam::444444444444:user/ci-deploy", false, false,
                        true, false, null, TAKEN.minusSeconds(86400), null));
            }
            memberAccounts.add(new MemberAccount(account, roles, providers, report));
        }
    }

    Snapshot build() {
        var awsApp = new OktaSnapshot.AwsApp("0oa1awssso00000001", "amazon_aws_sso", "AWS IAM Identity Center", "ACTIVE",
                appUsers, appGroups, features,
                new OktaSnapshot.Connection("TOKEN", "ENABLED", "https://scim.us-east-1.amazonaws.com/acme/scim/v2"),
                pushMappings, List.of(), null, appFeatures, null, signingKid, "${source.login}");
        OktaSnapshot okta = new OktaSnapshot(OKTA, oktaUsers, oktaGroups, oktaMembers, apps, List.of(awsApp));
        var idc = new AwsSnapshot.IdentityCenter(instances, permissionSets, assignments, List.of(), idsUsers, idsGroups, memberships);
        AwsSnapshot aws = new AwsSnapshot("us-east-1", "arn:aws:sts::111111111111:assumed-role/IdAudit/test", organization, accounts,
                organizationalUnits, scps, trails, idc, memberAccounts);
        Metadata meta = new Metadata("test", taken, taken.plusSeconds(30), source, OKTA, aws.callerArn(), "111111111111", "us-east-1");
        return new Snapshot(Snapshot.CURRENT_SCHEMA_VERSION, meta, okta, aws, issues);
    }

    /** Replaces the first element of {@code list} that {@code matches}, failing the test when none does. */
    static <T> void replace(List<T> list, java.util.function.Predicate<T> matches, UnaryOperator<T> change) {
        for (int i = 0; i < list.size(); i++) {
            if (matches.test(list.get(i))) {
                list.set(i, change.apply(list.get(i)));
                return;
            }
        }
        throw new AssertionError("nothing to replace");
    }

    static PermissionSet withSessionDuration(PermissionSet p, String duration) {
        return new PermissionSet(p.arn(), p.name(), p.description(), duration, p.relayState(), p.created(), p.awsManagedPolicies(),
                p.customerManagedPolicies(), p.inlinePolicy(), p.permissionsBoundary(), p.provisionedAccountIds(), p.outdatedAccountIds());
    }

    static PermissionSet withPolicies(PermissionSet p, List<String> managed, String inline) {
        return new PermissionSet(p.arn(), p.name(), p.description(), p.sessionDuration(), p.relayState(), p.created(),
                managed.stream().map(arn -> new ManagedPolicy(arn.substring(arn.lastIndexOf('/') + 1), arn)).toList(),
                p.customerManagedPolicies(), inline, p.permissionsBoundary(), p.provisionedAccountIds(), p.outdatedAccountIds());
    }

    private void user(String id, String name, String status) {
        oktaUsers.add(new User(id, name + "@acme.example", name + "@acme.example", capitalize(name), "Example", status,
                TAKEN.minusSeconds(86400L * 400), TAKEN.minusSeconds(86400L * 2), TAKEN.minusSeconds(86400L * 30)));
    }

    private void account(String id, String name, String state, String path) {
        accounts.add(new Account(id, "arn:aws:organizations::111111111111:account/o-acme00001/" + id, name,
                name + "@acme.example", state, "r-acme", path, TAKEN.minusSeconds(86400L * 700)));
    }

    private void permissionSet(String name, String description, String duration, List<String> managed, String inline) {
        permissionSets.add(withPolicies(new PermissionSet(ps(name), name, description, duration, null,
                TAKEN.minusSeconds(86400L * 300), List.of(), List.of(), null, null, List.of(), List.of()), managed, inline));
    }

    private void assign(String type, String principal, String permissionSet, String... accountIds) {
        for (String account : accountIds) {
            assignments.add(new Assignment(ps(permissionSet), account, type, principal));
        }
    }

    private void member(String group, String user) {
        memberships.add(new GroupMembership("m-" + group + "-" + user, group, user));
    }

    private static ReservedRole role(String account, String name, String ps) {
        return new ReservedRole(name, "arn:aws:iam::" + account + ":role/aws-reserved/sso.amazonaws.com/" + name,
                "/aws-reserved/sso.amazonaws.com/", ps, TAKEN.minusSeconds(86400L * 100), TAKEN.minusSeconds(86400L * 3), "us-east-1");
    }

    private static SamlProvider saml(String account, String name) {
        return new SamlProvider("arn:aws:iam::" + account + ":saml-provider/" + name, name, TAKEN.minusSeconds(86400L * 500),
                Instant.parse("2125-01-01T00:00:00Z"));
    }

    private String nameOf(String arn) {
        return permissionSets.stream().filter(p -> p.arn().equals(arn)).findFirst().orElseThrow().name();
    }

    private static String oktaId(String name) {
        return switch (name) {
            case "alice" -> "00u1alice0000000001";
            case "bob" -> "00u1bob000000000002";
            case "carol" -> "00u1carol0000000003";
            case "dave" -> "00u1dave00000000004";
            case "erin" -> "00u1erin00000000005";
            case "frank" -> "00u1frank0000000006";
            case "grace" -> "00u1grace0000000007";
            case "heidi" -> "00u1heidi0000000008";
            case "ivan" -> "00u1ivan00000000009";
            case "judy" -> "00u1judy00000000010";
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String hex(String seed) {
        return String.format("%016x", seed.hashCode() & 0xffffffffL | ((long) seed.length() << 40));
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
