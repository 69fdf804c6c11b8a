package dev.idaudit.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates a large organization from a few numbers, in the same okta.yaml / aws.yaml shapes
 * the emulators read, so that collection, checking and reporting can be measured at the scale
 * of a real enterprise. The same parameters and seed give the same scenario.
 *
 * <p>The shape: every Okta user is in a couple of department groups; {@code awsGroups} of the
 * groups are assigned to the AWS IAM Identity Center app and pushed to the Identity Store, and
 * their members are provisioned there. Account assignments give those groups permission sets
 * in accounts; each (permission set, account) pair that has an assignment is provisioned and
 * has its {@code AWSReservedSSO_} role in the account.
 */
public final class LargeScenario {
    private LargeScenario() {}

    /**
     * @param accounts member accounts, the management account included
     * @param awsGroups how many of the {@code groups} matter to AWS (assigned to the app and pushed)
     * @param assignments (permission set, group, account) assignments to make (duplicates drawn are dropped)
     */
    public record Parameters(int accounts, int permissionSets, int users, int groups, int awsGroups, int assignments,
                             int membersPerAwsGroup, long seed) {
        public static final Parameters DEFAULT = new Parameters(300, 60, 20_000, 1_500, 300, 3_000, 40, 20_261_128L);
    }

    public static final String NAME = "large";
    static final String MANAGEMENT_ACCOUNT = "100000000000";
    static final String INSTANCE = "ssoins-large00000000001";
    static final String IDENTITY_STORE = "d-large00001";
    static final String APP_ID = "0oa1largeawssso0001";
    static final String POLICY_ID = "rst1largeawssso0001";
    static final String ISSUER = "https://large.okta.com";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The built-in `large` scenario: the issue's numbers, with the vendors' documented rate limits on. */
    public static Scenario builtIn() {
        return generate(Parameters.DEFAULT, Traffic.DOCUMENTED);
    }

    public static Scenario generate(Parameters p, Traffic traffic) {
        Random random = new Random(p.seed());
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < p.users(); i++) {
            userIds.add(String.format("00u%017d", i));
        }
        List<String> groupIds = new ArrayList<>();
        for (int i = 0; i < p.groups(); i++) {
            groupIds.add(String.format("00g%017d", i));
        }
        // Members: the AWS groups (the first awsGroups) each get membersPerAwsGroup; every user is
        // also in two department groups.
        Map<String, Set<String>> members = new LinkedHashMap<>();
        groupIds.forEach(g -> members.put(g, new TreeSet<>()));
        int departments = p.groups() - p.awsGroups();
        for (String user : userIds) {
            for (int k = 0; k < 2 && departments > 0; k++) {
                members.get(groupIds.get(p.awsGroups() + random.nextInt(departments))).add(user);
            }
        }
        Set<String> awsUsers = new LinkedHashSet<>();
        for (int g = 0; g < p.awsGroups(); g++) {
            for (int m = 0; m < p.membersPerAwsGroup(); m++) {
                String user = userIds.get(random.nextInt(userIds.size()));
                members.get(groupIds.get(g)).add(user);
                awsUsers.add(user);
            }
        }
        Map<String, String> status = new LinkedHashMap<>();
        for (String user : userIds) {
            int r = random.nextInt(100);
            status.put(user, r < 96 ? "ACTIVE" : r < 98 ? "SUSPENDED" : "DEPROVISIONED");
        }

        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < p.accounts(); i++) {
            accounts.add(String.valueOf(Long.parseLong(MANAGEMENT_ACCOUNT) + i));
        }
        // (permission set index, group index) -> accounts
        Map<String, Set<String>> assignments = new LinkedHashMap<>();
        Map<Integer, Set<String>> provisioned = new LinkedHashMap<>();
        for (int i = 0; i < p.assignments(); i++) {
            int ps = random.nextInt(p.permissionSets());
            int group = random.nextInt(p.awsGroups());
            String account = accounts.get(random.nextInt(accounts.size()));
            assignments.computeIfAbsent(ps + "|" + group, k -> new TreeSet<>()).add(account);
            provisioned.computeIfAbsent(ps, k -> new TreeSet<>()).add(account);
        }

        ObjectNode okta = okta(p, userIds, groupIds, members, status, awsUsers);
        ObjectNode aws = aws(p, accounts, groupIds, members, status, awsUsers, assignments, provisioned);
        return new Scenario(NAME, "generated: " + p, new Scenario.Settings(200, 100, traffic), okta, aws, List.of());
    }

    // ---------------------------------------------------------------- Okta

    private static ObjectNode okta(Parameters p, List<String> userIds, List<String> groupIds, Map<String, Set<String>> members,
                                   Map<String, String> status, Set<String> awsUsers) {
        ObjectNode root = JSON.objectNode();
        ArrayNode users = root.putArray("users");
        int n = 0;
        for (String id : userIds) {
            ObjectNode u = users.addObject();
            u.put("id", id).put("status", status.get(id)).put("created", "-" + (100 + n % 1500) + "d")
                    .put("activated", "-" + (100 + n % 1500) + "d").put("statusChanged", "-" + (1 + n % 90) + "d")
                    .put("lastLogin", "-" + (1 + n % 120) + "d").put("lastUpdated", "-" + (1 + n % 60) + "d")
                    .put("passwordChanged", "-" + (1 + n % 80) + "d");
            u.putObject("type").put("id", "oty1default00000001");
            u.putObject("profile").put("login", login(n)).put("email", login(n)).put("firstName", "User").put("lastName", "N" + n);
            n++;
        }
        ArrayNode groups = root.putArray("groups");
        for (int g = 0; g < groupIds.size(); g++) {
            ObjectNode entry = groups.addObject();
            ObjectNode group = entry.putObject("group");
            group.put("id", groupIds.get(g)).put("type", "OKTA_GROUP").put("created", "-900d").put("lastUpdated", "-900d")
                    .put("lastMembershipUpdated", "-10d");
            group.putArray("objectClass").add("okta:user_group");
            group.putObject("profile").put("name", groupName(g, p)).put("description", g < p.awsGroups() ? "AWS access" : "Department");
            ArrayNode m = entry.putArray("members");
            members.get(groupIds.get(g)).forEach(m::add);
        }
        // The push targets: one APP_GROUP per pushed group, named as it (spec: GroupPushMapping, GroupType).
        for (int g = 0; g < p.awsGroups(); g++) {
            ObjectNode entry = groups.addObject();
            ObjectNode group = entry.putObject("group");
            group.put("id", appGroupId(g)).put("type", "APP_GROUP").put("created", "-900d").put("lastUpdated", "-900d")
                    .put("lastMembershipUpdated", "-10d");
            group.putObject("profile").put("name", groupName(g, p)).put("description", "AWS access");
            group.putObject("_links").putObject("source").put("href", "/api/v1/apps/" + APP_ID);
            entry.putArray("members");
        }
        ArrayNode apps = root.putArray("apps");
        ObjectNode awsApp = apps.addObject();
        ObjectNode app = awsApp.putObject("app");
        app.put("id", APP_ID).put("name", "amazon_aws_sso").put("label", "AWS IAM Identity Center").put("status", "ACTIVE")
                .put("signOnMode", "SAML_2_0").put("created", "-900d").put("lastUpdated", "-10d");
        app.putArray("features").add("GROUP_PUSH").add("PUSH_NEW_USERS").add("PUSH_PROFILE_UPDATES").add("PUSH_USER_DEACTIVATION");
        app.putObject("accessibility").put("selfService", false);
        app.putObject("visibility").put("autoSubmitToolbar", false).putObject("hide").put("iOS", false).put("web", false);
        ObjectNode credentials = app.putObject("credentials");
        credentials.putObject("signing").put("kid", "kid-large");
        credentials.putObject("userNameTemplate").put("template", "${source.login}").put("type", "BUILT_IN");
        app.putObject("_links").putObject("accessPolicy").put("href", "/api/v1/policies/" + POLICY_ID);
        ArrayNode appUsers = awsApp.putArray("users");
        for (String user : awsUsers) {
            int index = Integer.parseInt(user.substring(3));
            boolean gone = status.get(user).equals("DEPROVISIONED");
            ObjectNode au = appUsers.addObject();
            au.put("id", user).put("scope", "GROUP")
                    .put("status", gone ? "DEPROVISIONED" : "PROVISIONED").put("syncState", "SYNCHRONIZED")
                    .put("created", "-800d").put("lastUpdated", "-30d").put("statusChanged", "-800d").put("lastSync", "-1d");
            if (!gone) {
                au.put("externalId", identityStoreUserId(index)); // Okta unassigns it when it deprovisions (spec: AppUserStatus)
            }
            au.putObject("credentials").put("userName", login(index));
            au.putObject("profile").put("email", login(index)).put("displayName", "User N" + index);
        }
        ArrayNode appGroups = awsApp.putArray("groups");
        ArrayNode push = awsApp.putArray("pushMappings");
        for (int g = 0; g < p.awsGroups(); g++) {
            appGroups.addObject().put("id", groupIds.get(g)).put("priority", g).put("lastUpdated", "-900d").putObject("profile");
            push.addObject().put("id", String.format("gPm%017d", g)).put("sourceGroupId", groupIds.get(g))
                    .put("targetGroupId", appGroupId(g)).put("status", "ACTIVE").put("created", "-900d")
                    .put("lastUpdated", "-30d").put("lastPush", "-1d");
        }
        // No /features or default connection: Okta serves neither for amazon_aws_sso (the app's features say it all).
        ObjectNode key = awsApp.putArray("keys").addObject();
        key.put("kid", "kid-large").put("kty", "RSA").put("use", "sig").put("e", "AQAB").put("created", "-30d")
                .put("lastUpdated", "-30d").put("expiresAt", "+700d").put("n", "0vx7agoebGcQSuuPiLJXZpt");
        for (int i = 0; i < 20; i++) {
            ObjectNode other = apps.addObject().putObject("app");
            other.put("id", String.format("0oa1largeother%05d", i)).put("name", "app_" + i).put("label", "App " + i)
                    .put("status", "ACTIVE").put("signOnMode", "SAML_2_0").put("created", "-500d").put("lastUpdated", "-50d");
            other.putArray("features");
        }
        ObjectNode policy = root.putArray("policies").addObject();
        ObjectNode pol = policy.putObject("policy");
        pol.put("id", POLICY_ID).put("type", "ACCESS_POLICY").put("name", "AWS sign-on").put("status", "ACTIVE")
                .put("priority", 1).put("system", false).put("created", "-900d").put("lastUpdated", "-100d");
        ObjectNode rule = policy.putArray("rules").addObject();
        rule.put("id", "rul1large2fa").put("type", "ACCESS_POLICY").put("name", "Require two factors").put("status", "ACTIVE")
                .put("priority", 0).put("system", false).put("created", "-900d").put("lastUpdated", "-100d");
        rule.putObject("conditions").putObject("network").put("connection", "ANYWHERE");
        rule.putObject("actions").putObject("appSignOn").put("access", "ALLOW").putObject("verificationMethod")
                .put("type", "ASSURANCE").put("factorMode", "2FA").put("reauthenticateIn", "PT2H");
        return root;
    }

    // ---------------------------------------------------------------- AWS

    private static ObjectNode aws(Parameters p, List<String> accounts, List<String> groupIds, Map<String, Set<String>> members,
                                  Map<String, String> status, Set<String> awsUsers, Map<String, Set<String>> assignments,
                                  Map<Integer, Set<String>> provisioned) {
        ObjectNode root = JSON.objectNode();
        root.put("region", "us-east-1");
        root.putObject("caller").put("arn", "arn:aws:iam::" + MANAGEMENT_ACCOUNT + ":user/idaudit-auditor").put("userId", "AIDALARGEAUDITOR00001");
        root.put("memberRole", "IdAuditReadOnly");
        root.putArray("unassumableAccounts");
        ObjectNode org = root.putObject("organization");
        org.put("id", "o-large00001").put("featureSet", "ALL").put("managementAccount", MANAGEMENT_ACCOUNT);
        org.putArray("enabledFeatures").add("RootCredentialsManagement").add("RootSessions");
        org.putObject("root").put("id", "r-large").put("name", "Root");
        ArrayNode ous = root.putArray("organizationalUnits");
        int ouCount = 12;
        for (int i = 0; i < ouCount; i++) {
            ous.addObject().put("id", "ou-large-" + i).put("name", "Unit " + i).put("parent", "r-large");
        }
        ArrayNode accountList = root.putArray("accounts");
        for (int i = 0; i < accounts.size(); i++) {
            accountList.addObject().put("id", accounts.get(i)).put("name", "account-" + i).put("email", "aws-" + i + "@large.example")
                    .put("parent", i == 0 ? "r-large" : "ou-large-" + (i % ouCount)).put("state", "ACTIVE")
                    .put("joinedMethod", i == 0 ? "INVITED" : "CREATED").put("joined", "-" + (200 + i) + "d");
        }
        ObjectNode full = root.putArray("serviceControlPolicies").addObject();
        full.put("id", "p-FullAWSAccess").put("name", "FullAWSAccess").put("description", "Allows access to every operation")
                .put("awsManaged", true).put("content", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        full.putArray("targets").add("r-large");
        root.putArray("trails").addObject().put("name", "large-org-trail").put("homeRegion", "us-east-1").put("organizationTrail", true)
                .put("multiRegion", true).put("bucket", "large-cloudtrail").put("logging", true).put("loggingSince", "-700d");

        ObjectNode ic = root.putObject("identityCenter");
        ic.putArray("instances").addObject().put("id", INSTANCE).put("name", "large").put("owner", MANAGEMENT_ACCOUNT)
                .put("identityStore", IDENTITY_STORE).put("status", "ACTIVE").put("created", "-900d");
        ArrayNode sets = ic.putArray("permissionSets");
        for (int ps = 0; ps < p.permissionSets(); ps++) {
            ObjectNode set = sets.addObject();
            set.put("id", permissionSetId(ps)).put("instance", INSTANCE).put("name", permissionSetName(ps))
                    .put("description", "Generated permission set " + ps).put("sessionDuration", "PT" + (1 + ps % 8) + "H")
                    .put("created", "-800d");
            set.putArray("managedPolicies").add(ps % 10 == 0 ? "arn:aws:iam::aws:policy/AdministratorAccess" : "arn:aws:iam::aws:policy/ReadOnlyAccess");
            ArrayNode prov = set.putArray("provisioned");
            provisioned.getOrDefault(ps, Set.of()).forEach(prov::add);
        }
        ArrayNode assignmentList = ic.putArray("assignments");
        assignments.forEach((key, assignedAccounts) -> {
            String[] parts = key.split("\\|");
            ObjectNode a = assignmentList.addObject();
            a.put("permissionSet", permissionSetName(Integer.parseInt(parts[0]))).put("principalType", "GROUP")
                    .put("principalId", identityStoreGroupId(Integer.parseInt(parts[1])));
            ArrayNode list = a.putArray("accounts");
            assignedAccounts.forEach(list::add);
        });
        ArrayNode requests = ic.putArray("provisioningRequests");
        for (int i = 0; i < 10; i++) {
            int ps = i % p.permissionSets();
            String account = provisioned.getOrDefault(ps, Set.of(MANAGEMENT_ACCOUNT)).iterator().next();
            requests.addObject().put("id", String.format("00000000-0000-4000-8000-%012d", i)).put("permissionSet", permissionSetName(ps))
                    .put("account", account).put("status", "SUCCEEDED").put("created", "-" + (1 + i) + "d");
        }

        ObjectNode store = root.putObject("identityStores").putObject(IDENTITY_STORE);
        store.put("externalIssuer", ISSUER);
        ArrayNode storeUsers = store.putArray("users");
        for (String user : awsUsers) {
            int index = Integer.parseInt(user.substring(3));
            storeUsers.addObject().put("id", identityStoreUserId(index)).put("userName", login(index)).put("givenName", "User")
                    .put("familyName", "N" + index).put("email", login(index)).put("externalId", user)
                    .put("status", status.get(user).equals("ACTIVE") ? "ENABLED" : "DISABLED").put("created", "-700d");
        }
        ArrayNode storeGroups = store.putArray("groups");
        for (int g = 0; g < p.awsGroups(); g++) {
            ObjectNode group = storeGroups.addObject();
            // pushed by Okta: displayName and members, no ExternalIds
            group.put("id", identityStoreGroupId(g)).put("name", groupName(g, p)).put("created", "-700d");
            ArrayNode m = group.putArray("members");
            members.get(groupIds.get(g)).forEach(u -> m.add(identityStoreUserId(Integer.parseInt(u.substring(3)))));
        }

        ObjectNode memberAccounts = root.putObject("memberAccounts");
        Map<String, List<Integer>> setsByAccount = new LinkedHashMap<>();
        provisioned.forEach((ps, provisionedAccounts) -> provisionedAccounts.forEach(
                a -> setsByAccount.computeIfAbsent(a, k -> new ArrayList<>()).add(ps)));
        for (String account : accounts) {
            ObjectNode member = memberAccounts.putObject(account);
            ArrayNode roles = member.putArray("roles");
            for (int ps : setsByAccount.getOrDefault(account, List.of())) {
                roles.addObject().put("name", "AWSReservedSSO_" + permissionSetName(ps) + "_" + String.format("%016x", (long) ps * 7919 + account.hashCode()))
                        .put("path", "/aws-reserved/sso.amazonaws.com/").put("created", "-700d").put("lastUsed", "-" + (1 + ps % 30) + "d");
            }
            roles.addObject().put("name", "IdAuditReadOnly").put("path", "/").put("trustedAccount", MANAGEMENT_ACCOUNT)
                    .put("created", "-100d").put("lastUsed", "-1d");
            roles.addObject().put("name", "OrganizationAccountAccessRole").put("path", "/").put("trustedAccount", MANAGEMENT_ACCOUNT)
                    .put("created", "-1000d");
            member.putArray("samlProviders").addObject().put("name", "AWSSSO_large000000_DO_NOT_DELETE").put("created", "-900d")
                    .put("validUntil", "+3650d");
            member.putArray("credentialReport").addObject().put("user", "<root_account>").put("created", "-1000d").put("mfaActive", true);
        }
        return root;
    }

    static String login(int index) {
        return "user" + index + "@large.example";
    }

    static String identityStoreUserId(int index) {
        return String.format("9a6c%04x-%04x-4000-8000-%012d", index >> 16, index & 0xffff, index);
    }

    /** The Okta APP_GROUP that stands for pushed group {@code index} in the app: its push mapping's target. */
    static String appGroupId(int index) {
        return String.format("00ga%016d", index);
    }

    static String identityStoreGroupId(int index) {
        return String.format("9a6b0000-%04x-4000-8000-%012d", index, index);
    }

    static String permissionSetId(int index) {
        return String.format("ps-%016x", 0x1a2b000000L + index);
    }

    static String permissionSetName(int index) {
        return "Team" + index + (index % 10 == 0 ? "-Admin" : "-ReadOnly");
    }

    private static String groupName(int index, Parameters p) {
        return index < p.awsGroups() ? "aws-" + index : "dept-" + index;
    }
}
