package dev.idaudit.collect.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.collect.okta.ExampleOrg.Answer;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.util.BadInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Okta's own response examples (management spec 2026.06.3) served as they stand to the real
 * collector, through okta-sdk-java over HTTP on loopback ({@link ExampleOrg}), and the records
 * it makes checked field by field against the example: what the vendor documents an answer to
 * look like is what the collector must read. One example per run, the other endpoints empty.
 */
class OktaSpecExamplesContractTest {

    private static final String USERS = "/api/v1/users";
    private static final String GROUPS = "/api/v1/groups";
    private static final String GROUP = "/api/v1/groups/{groupId}";
    private static final String GROUP_USERS = "/api/v1/groups/{groupId}/users";
    private static final String APPS = "/api/v1/apps";
    private static final String APP = "/api/v1/apps/{appId}";
    private static final String APP_USERS = "/api/v1/apps/{appId}/users";
    private static final String APP_GROUPS = "/api/v1/apps/{appId}/groups";
    private static final String FEATURES = "/api/v1/apps/{appId}/features";
    private static final String CONNECTION = "/api/v1/apps/{appId}/connections/default";
    private static final String PUSH_MAPPINGS = "/api/v1/apps/{appId}/group-push/mappings";
    private static final String KEYS = "/api/v1/apps/{appId}/credentials/keys";
    private static final String POLICY = "/api/v1/policies/{policyId}";
    private static final String POLICY_RULES = "/api/v1/policies/{policyId}/rules";

    /** The spec's example answer to {@code filter=name eq "..."}: two apps of one name (workday). */
    private static final JsonNode APPS_BY_NAME = OktaSpecExamples.example(APPS, 200, "ResponseExample4");

    private record Run(OktaSnapshot okta, List<CollectionIssue> issues, List<ExampleOrg.Request> requests) {
        OktaSnapshot.AwsApp app(String id) {
            return okta.awsApps().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no app " + id));
        }
    }

    // ---------------------------------------------------------------- users, groups, apps

    @TestFactory
    Stream<DynamicTest> everyListUsersExampleIsCollectedFieldByField() {
        return OktaSpecExamples.examples(USERS, 200).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode example = e.getValue();
            Run run;
            try (ExampleOrg org = new ExampleOrg().serve(USERS, Answer.ok(example))) {
                run = collect(org, null);
            }
            assertEquals(List.of(), issuesOf(run, Sections.OKTA_USERS));
            // The collector asks a second time with a filter for DEPROVISIONED users (which a plain list omits):
            // the same users answered twice are one user each.
            assertTrue(run.requests().stream().anyMatch(r -> r.path().equals(USERS)
                    && "status eq \"DEPROVISIONED\"".equals(r.query().get("filter"))), "asks for DEPROVISIONED users with a filter");
            assertEquals(ids(example), run.okta().users().stream().map(OktaSnapshot.User::id).toList());
            for (JsonNode u : example) {
                OktaSnapshot.User user = run.okta().users().stream().filter(x -> x.id().equals(u.path("id").asText())).findFirst().orElseThrow();
                assertEquals(text(u, "status"), user.status(), "status");
                assertEquals(text(u.path("profile"), "login"), user.login(), "profile.login");
                assertEquals(text(u.path("profile"), "email"), user.email(), "profile.email");
                assertEquals(text(u.path("profile"), "firstName"), user.firstName(), "profile.firstName");
                assertEquals(text(u.path("profile"), "lastName"), user.lastName(), "profile.lastName");
                assertEquals(instant(u, "created"), user.created(), "created");
                assertEquals(instant(u, "lastLogin"), user.lastLogin(), "lastLogin");
                assertEquals(instant(u, "statusChanged"), user.statusChanged(), "statusChanged");
            }
        }));
    }

    @Test
    void theListUsersExampleGivesAliceAsTheSpecWritesHer() {
        Run run;
        try (ExampleOrg org = new ExampleOrg().serve(USERS, Answer.ok(OktaSpecExamples.example(USERS, 200, "ListUsers")))) {
            run = collect(org, null);
        }
        OktaSnapshot.User alice = run.okta().users().get(0);
        assertEquals("00u118oQYT4TBTemp0g4", alice.id());
        assertEquals("alice.smith@example.com", alice.login());
        assertEquals("ACTIVE", alice.status());
        assertEquals(Instant.parse("2022-05-04T19:50:52Z"), alice.lastLogin());
        assertNull(alice.statusChanged(), "the example's statusChanged is null");
    }

    @TestFactory
    Stream<DynamicTest> everyListGroupsExampleIsCollectedWithItsTypeAppGroupsIncluded() {
        return OktaSpecExamples.examples(GROUPS, 200).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode example = e.getValue();
            Run run;
            try (ExampleOrg org = new ExampleOrg().serve(GROUPS, Answer.ok(example))) {
                run = collect(org, null);
            }
            assertEquals(List.of(), issuesOf(run, Sections.OKTA_GROUPS));
            assertEquals(example.size(), run.okta().groups().size());
            for (int i = 0; i < example.size(); i++) {
                JsonNode g = example.get(i);
                OktaSnapshot.Group group = run.okta().groups().get(i);
                assertEquals(text(g, "id"), group.id(), "id");
                assertEquals(text(g.path("profile"), "name"), group.name(), "profile.name");
                assertEquals(text(g.path("profile"), "description"), group.description(), "profile.description");
                assertEquals(text(g, "type"), group.type(), "type");
            }
        }));
    }

    @Test
    void anAppGroupOfTheGroupsExampleKeepsItsTypeBesideTheOktaGroup() {
        Run run;
        try (ExampleOrg org = new ExampleOrg().serve(GROUPS, Answer.ok(OktaSpecExamples.example(GROUPS, 200, "ListGroupsExample")))) {
            run = collect(org, null);
        }
        assertEquals(List.of("OKTA_GROUP", "APP_GROUP"), run.okta().groups().stream().map(OktaSnapshot.Group::type).toList());
        assertEquals("Engineering users", run.okta().groups().get(1).name());
    }

    @TestFactory
    Stream<DynamicTest> everyListApplicationsExampleIsCollectedFieldByField() {
        return OktaSpecExamples.examples(APPS, 200).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode example = e.getValue();
            Run run;
            try (ExampleOrg org = new ExampleOrg().serve(APPS, q -> Answer.ok(q.containsKey("filter") ? array() : example))) {
                run = collect(org, null);
            }
            assertEquals(List.of(), issuesOf(run, Sections.OKTA_APPS, Sections.OKTA_AWS_APP));
            assertEquals(example.size(), run.okta().apps().size());
            for (int i = 0; i < example.size(); i++) {
                JsonNode a = example.get(i);
                OktaSnapshot.App app = run.okta().apps().get(i);
                assertEquals(text(a, "id"), app.id(), "id");
                assertEquals(text(a, "name"), app.name(), "name");
                assertEquals(text(a, "label"), app.label(), "label");
                assertEquals(text(a, "status"), app.status(), "status");
                assertEquals(text(a, "signOnMode"), app.signOnMode(), "signOnMode");
            }
        }));
    }

    @Test
    void theAwsAppsAreAskedForByNameAndTheNameFilterExampleIsReadAsTheApps() {
        Run run;
        try (ExampleOrg org = new ExampleOrg().serve(APPS, q -> Answer.ok(q.containsKey("filter") ? APPS_BY_NAME : array()))) {
            run = collect(org, null);
        }
        assertTrue(run.requests().stream().anyMatch(r -> r.path().equals(APPS)
                && ("name eq \"" + OktaCollector.AWS_APP_NAME + "\"").equals(r.query().get("filter"))), "filters by name");
        assertEquals(List.of("0oa7vicdkRNrz59R80w6", "0oa7vicvor8YSr9Hc0w6"), run.okta().awsApps().stream().map(OktaSnapshot.AwsApp::id).toList());
        OktaSnapshot.AwsApp first = run.okta().awsApps().get(0);
        assertEquals("workday", first.name());
        assertEquals("hrportal2", first.label());
        assertEquals("ACTIVE", first.status());
    }

    @Test
    void theRetrieveApplicationExampleNamesTheConfiguredAppThatIsNotAnAwsApp() {
        JsonNode example = OktaSpecExamples.example(APP, 200, "RetrieveEx1");
        Run run;
        try (ExampleOrg org = new ExampleOrg().serve(APP, Answer.ok(example))) {
            run = collect(org, example.path("id").asText());
        }
        CollectionIssue issue = run.issues().stream().filter(i -> i.error().equals("NotAwsApp")).findFirst().orElseThrow();
        assertEquals("0oa1gjh63g214q0Hq0g4", issue.appId());
        assertTrue(issue.message().contains("'testorgone_customsaml20app_1'"), issue.message());
    }

    // ---------------------------------------------------------------- the AWS app's sub-resources

    @Test
    void theAppUsersExampleIsCollectedFieldByField() {
        JsonNode example = OktaSpecExamples.example(APP_USERS, 200, "ListAppUsersExample");
        Run run = collectAwsApps(APP_USERS, Answer.ok(example));
        assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_USERS));
        for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
            assertEquals(example.size(), app.users().size());
            JsonNode u = example.get(0);
            OktaSnapshot.AppUser user = app.users().get(0);
            assertEquals("00u1dnq5S0CfjlkpABCD", user.userId());
            assertEquals(text(u, "id"), user.userId(), "id");
            assertEquals(text(u, "externalId"), user.externalId(), "externalId");
            assertEquals(text(u.path("credentials"), "userName"), user.userName(), "credentials.userName");
            assertEquals(text(u, "scope"), user.scope(), "scope");
            assertEquals(text(u, "status"), user.status(), "status");
            assertEquals(text(u, "syncState"), user.syncState(), "syncState");
            assertEquals(instant(u, "lastSync"), user.lastSync(), "lastSync");
        }
    }

    @Test
    void theAppGroupsExampleIsCollectedAndItsGroupsMembersAreRead() {
        JsonNode example = OktaSpecExamples.example(APP_GROUPS, 200, "listGroupAssignmentsResponseExample");
        JsonNode members = OktaSpecExamples.example(GROUP_USERS, 200, "ListMemberUserResponse");
        Run run;
        try (ExampleOrg org = awsAppsOrg().serve(APP_GROUPS, Answer.ok(example)).serve(GROUP_USERS, Answer.ok(members))) {
            run = collect(org, null);
        }
        assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_GROUPS, Sections.OKTA_GROUP_MEMBERS));
        for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
            assertEquals(example.size(), app.groups().size());
            assertEquals("00g15acRUy0SYb9GT0g4", app.groups().get(0).groupId());
            assertEquals(text(example.get(0), "id"), app.groups().get(0).groupId(), "id");
            assertEquals(example.get(0).path("priority").asInt(), app.groups().get(0).priority(), "priority");
        }
        assertEquals(1, run.okta().groupMembers().size());
        assertEquals("00g15acRUy0SYb9GT0g4", run.okta().groupMembers().get(0).groupId());
        assertEquals(ids(members), run.okta().groupMembers().get(0).userIds());
    }

    @Test
    void theFeaturesExampleIsCollectedWithEveryCapability() {
        JsonNode example = OktaSpecExamples.example(FEATURES, 200, "ListAppFeatureResponse");
        Run run = collectAwsApps(FEATURES, Answer.ok(example));
        assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_FEATURES));
        for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
            OktaSnapshot.Feature feature = app.features().get(0);
            assertEquals("USER_PROVISIONING", feature.name());
            assertEquals("ENABLED", feature.status());
            JsonNode c = example.get(0).path("capabilities");
            assertEquals(Map.of(
                    "create.lifecycleCreate", text(c.path("create").path("lifecycleCreate"), "status"),
                    "update.profile", text(c.path("update").path("profile"), "status"),
                    "update.lifecycleDeactivate", text(c.path("update").path("lifecycleDeactivate"), "status"),
                    "update.password", text(c.path("update").path("password"), "status")), feature.capabilities());
        }
    }

    /**
     * The spec's 400 for /features (provisioning not enabled) leaves the app without features and
     * the rest of it read. How the refusal itself is recorded (an issue, or a documented refusal
     * of the app) is the provisioning rules' business (issue 12, item 1); what it may not do is
     * invent features or lose the app.
     */
    @Test
    void theFeaturesRefusedExampleLeavesNoFeaturesAndTheRestOfTheAppRead() {
        JsonNode refused = OktaSpecExamples.example(FEATURES, 400, "ListAppFeatureAPIValidationFailed");
        JsonNode keys = OktaSpecExamples.example(KEYS, 200, "ListAllKeyCredentialsExample");
        Run run;
        try (ExampleOrg org = awsAppsOrg().serve(FEATURES, Answer.status(400, refused)).serve(KEYS, Answer.ok(keys))) {
            run = collect(org, null);
        }
        assertEquals(List.of("0oa7vicdkRNrz59R80w6", "0oa7vicvor8YSr9Hc0w6"), run.okta().awsApps().stream().map(OktaSnapshot.AwsApp::id).toList());
        run.okta().awsApps().forEach(app -> {
            assertEquals(List.of(), app.features());
            assertEquals(keys.size(), app.signingKeys().size(), "the app's other sub-resources are read");
        });
        section(run, Sections.OKTA_AWS_APP_FEATURES).forEach(i -> assertTrue(i.message().contains("E0000001"), i.message()));
    }

    @TestFactory
    Stream<DynamicTest> everyDefaultConnectionExampleIsCollected() {
        return OktaSpecExamples.examples(CONNECTION, 200).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode example = e.getValue();
            Run run = collectAwsApps(CONNECTION, Answer.ok(example));
            assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_DEFAULT_CONNECTION));
            for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
                OktaSnapshot.Connection c = app.defaultConnection();
                // authScheme is at the top (token connections) or only in the profile (OAuth 2.0 connections).
                String authScheme = example.has("authScheme") ? text(example, "authScheme") : text(example.path("profile"), "authScheme");
                assertEquals(authScheme, c.authScheme(), "authScheme");
                assertEquals(text(example, "status"), c.status(), "status");
                assertEquals(text(example, "baseUrl"), c.baseUrl(), "baseUrl");
            }
        }));
    }

    @Test
    void theOffice365ConnectionExampleGivesItsAuthSchemeFromTheProfile() {
        Run run = collectAwsApps(CONNECTION, Answer.ok(OktaSpecExamples.example(CONNECTION, 200, "ProvisioningConnectionOauthO365Ex")));
        assertEquals("OAUTH2", run.okta().awsApps().get(0).defaultConnection().authScheme());
        assertNull(run.okta().awsApps().get(0).defaultConnection().baseUrl());
    }

    @TestFactory
    Stream<DynamicTest> aPushMappingsTargetIsNamedByTheGetGroupExample() {
        JsonNode group = OktaSpecExamples.example(GROUP, 200, "GroupExample");
        return OktaSpecExamples.examples(PUSH_MAPPINGS, 200).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            try (ExampleOrg org = awsAppsOrg().serve(PUSH_MAPPINGS, Answer.ok(e.getValue())).serve(GROUP, Answer.ok(group))) {
                Run run = collect(org, null);
                assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_PUSH_MAPPINGS));
                for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
                    assertFalse(app.pushMappings().isEmpty());
                    // the targets are not in the (empty) groups list, so each is read with GET /api/v1/groups/{id}
                    app.pushMappings().forEach(m -> assertEquals(group.path("profile").path("name").asText(), m.targetGroupName()));
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyGroupPushMappingsExampleIsCollectedFieldByField() {
        return OktaSpecExamples.examples(PUSH_MAPPINGS, 200).entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode example = e.getValue();
            Run run = collectAwsApps(PUSH_MAPPINGS, Answer.ok(example));
            // The spec's examples do not hold the target groups: looking them up (item 2) is not this test's.
            assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_PUSH_MAPPINGS).stream()
                    .filter(issue -> !issue.api().matches("GET /api/v1/groups/[^/]+")).toList());
            for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
                assertEquals(example.size(), app.pushMappings().size());
                for (int i = 0; i < example.size(); i++) {
                    JsonNode m = example.get(i);
                    OktaSnapshot.PushMapping mapping = app.pushMappings().get(i);
                    assertEquals(text(m, "id"), mapping.id(), "id");
                    assertEquals(text(m, "sourceGroupId"), mapping.sourceGroupId(), "sourceGroupId");
                    assertEquals(text(m, "targetGroupId"), mapping.targetGroupId(), "targetGroupId");
                    assertEquals(text(m, "status"), mapping.status(), "status");
                    assertEquals(text(m, "errorSummary"), mapping.errorSummary(), "errorSummary");
                    assertEquals(instant(m, "lastPush"), mapping.lastPush(), "lastPush");
                    assertEquals(instant(m, "lastUpdated"), mapping.lastUpdated(), "lastUpdated");
                }
            }
            // The pushed source groups' members are read (the example's groups have none here).
            Set<String> sources = new LinkedHashSet<>();
            example.forEach(m -> sources.add(text(m, "sourceGroupId")));
            assertEquals(sources, Set.copyOf(run.okta().groupMembers().stream().map(OktaSnapshot.GroupMembers::groupId).toList()));
        }));
    }

    @Test
    void theKeysExampleIsCollectedKeyByKey() {
        JsonNode example = OktaSpecExamples.example(KEYS, 200, "ListAllKeyCredentialsExample");
        Run run = collectAwsApps(KEYS, Answer.ok(example));
        assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_SIGNING_KEYS));
        for (OktaSnapshot.AwsApp app : run.okta().awsApps()) {
            assertEquals(List.of("SIMcCQNY3uwXoW3y0vf6VxiBb5n9pf8L2fK8d-FIbm4", "mXtzOtml09Dg1ZCeKxTRBo3KrQuBWFkJ5oxhVagjTzo"),
                    app.signingKeys().stream().map(OktaSnapshot.SigningKey::kid).toList());
            for (int i = 0; i < example.size(); i++) {
                JsonNode k = example.get(i);
                OktaSnapshot.SigningKey key = app.signingKeys().get(i);
                assertEquals(instant(k, "created"), key.created(), "created");
                assertEquals(instant(k, "expiresAt"), key.expiresAt(), "expiresAt");
                assertEquals(text(k, "use"), key.use(), "use");
            }
        }
    }

    /**
     * The spec's app examples link no access policy, so the app example is given the
     * {@code _links.accessPolicy} the Application schema documents (ApplicationLinks.accessPolicy);
     * the policy and its rules are the spec's ACCESS_POLICY examples as they stand.
     */
    @Test
    void theAccessPolicyAndRuleExamplesAreCollectedThroughTheAppsAccessPolicyLink() {
        JsonNode policy = OktaSpecExamples.example(POLICY, 200, "access-policy");
        JsonNode rules = OktaSpecExamples.example(POLICY_RULES, 200, "access");
        JsonNode apps = APPS_BY_NAME.deepCopy();
        apps.forEach(a -> ((ObjectNode) a.path("_links")).putObject("accessPolicy")
                .put("href", "https://{yourOktaDomain}/api/v1/policies/" + policy.path("id").asText()));
        Run run;
        try (ExampleOrg org = new ExampleOrg()
                .serve(APPS, q -> Answer.ok(q.containsKey("filter") ? apps : array()))
                .serve(POLICY, Answer.ok(policy))
                .serve(POLICY_RULES, Answer.ok(rules))) {
            run = collect(org, null);
        }
        assertEquals(List.of(), issuesOf(run, Sections.OKTA_AWS_APP_ACCESS_POLICY));
        assertTrue(run.requests().stream().anyMatch(r -> r.path().equals("/api/v1/policies/policyId/rules")), "reads the linked policy's rules");
        OktaSnapshot.AccessPolicy read = run.okta().awsApps().get(0).accessPolicy();
        assertEquals("policyId", read.id());
        assertEquals(text(policy, "name"), read.name());
        assertEquals(text(policy, "status"), read.status());
        assertEquals(1, read.rules().size());
        OktaSnapshot.PolicyRule rule = read.rules().get(0);
        JsonNode r = rules.get(0);
        assertEquals(text(r, "id"), rule.id());
        assertEquals("Catch-all rule", rule.name());
        assertEquals(text(r, "status"), rule.status());
        assertEquals(r.path("priority").asInt(), rule.priority());
        assertEquals("ALLOW", rule.access());
        assertEquals("1FA", rule.factorMode());
    }

    // ---------------------------------------------------------------- the spec's error examples

    @Test
    void theAccessDeniedExampleLeavesItsSectionUncollectedWithOktasCode() {
        Run run = collectAwsApps(APP_USERS, Answer.status(403, OktaSpecExamples.example(APP_USERS, 403, "AccessDenied")));
        List<CollectionIssue> issues = section(run, Sections.OKTA_AWS_APP_USERS);
        assertEquals(2, issues.size());
        issues.forEach(i -> {
            assertEquals("403", i.error());
            assertTrue(i.message().contains("E0000006"), i.message());
        });
    }

    @Test
    void theResourceNotFoundExampleOfTheConnectionLeavesItUnknown() {
        Run run = collectAwsApps(CONNECTION, Answer.status(404, OktaSpecExamples.example(CONNECTION, 404, "ResourceNotFound")));
        run.okta().awsApps().forEach(app -> assertNull(app.defaultConnection()));
        List<CollectionIssue> issues = section(run, Sections.OKTA_AWS_APP_DEFAULT_CONNECTION);
        assertEquals(2, issues.size());
        issues.forEach(i -> assertTrue(i.error().equals("404") && i.message().contains("E0000007"), i.message()));
    }

    @Test
    void theInvalidTokenExampleStopsTheCollectionWithAClearError() {
        try (ExampleOrg org = awsAppsOrg().serve(PUSH_MAPPINGS,
                Answer.status(401, OktaSpecExamples.example(PUSH_MAPPINGS, 401, "InvalidTokenProvided")))) {
            BadInputException e = assertThrows(BadInputException.class, () -> collect(org, null));
            assertTrue(e.getMessage().contains("rejected the API token") && e.getMessage().contains("E0000011"), e.getMessage());
        }
    }

    @Test
    void theTooManyRequestsExampleIsWaitedOutAndTheCallMadeAgain() {
        JsonNode users = OktaSpecExamples.example(USERS, 200, "ListUsers");
        JsonNode tooMany = OktaSpecExamples.example(USERS, 429, "TooManyRequests");
        AtomicInteger calls = new AtomicInteger();
        Run run;
        try (ExampleOrg org = new ExampleOrg().serve(USERS, q -> calls.getAndIncrement() == 0
                ? new Answer(429, tooMany, Map.of("X-Rate-Limit-Limit", "600", "X-Rate-Limit-Remaining", "0",
                        "X-Rate-Limit-Reset", String.valueOf(Instant.now().getEpochSecond())))
                : Answer.ok(users))) {
            run = collect(org, null);
        }
        assertEquals(List.of(), issuesOf(run, Sections.OKTA_USERS));
        assertEquals(ids(users), run.okta().users().stream().map(OktaSnapshot.User::id).toList());
        assertTrue(calls.get() >= 3, "the refused call and both user lists: " + calls.get());
    }

    @Test
    void theExamplesAreTheSpecsForTheOperationsTheCollectorCalls() {
        Map<String, String> operations = new java.util.LinkedHashMap<>();
        OktaEndpoints.COLLECTED.forEach(e -> operations.put(e.path(), OktaSpecExamples.operationId(e.path())));
        assertEquals(Map.ofEntries(
                Map.entry(USERS, "listUsers"), Map.entry(GROUPS, "listGroups"), Map.entry(GROUP, "getGroup"),
                Map.entry(GROUP_USERS, "listGroupUsers"),
                Map.entry(APPS, "listApplications"), Map.entry(APP, "getApplication"), Map.entry(APP_USERS, "listApplicationUsers"),
                Map.entry(APP_GROUPS, "listApplicationGroupAssignments"), Map.entry(FEATURES, "listFeaturesForApplication"),
                Map.entry(CONNECTION, "getDefaultProvisioningConnectionForApplication"), Map.entry(PUSH_MAPPINGS, "listGroupPushMappings"),
                Map.entry(KEYS, "listApplicationKeys"), Map.entry(POLICY, "getPolicy"), Map.entry(POLICY_RULES, "listPolicyRules")),
                operations);
        assertFalse(operations.containsValue(null));
    }

    // ---------------------------------------------------------------- helpers

    /** The org answering the name filter with the spec's two workday apps and {@code path} with {@code answer}. */
    private static Run collectAwsApps(String path, Answer answer) {
        try (ExampleOrg org = awsAppsOrg().serve(path, answer)) {
            return collect(org, null);
        }
    }

    private static ExampleOrg awsAppsOrg() {
        return new ExampleOrg().serve(APPS, q -> Answer.ok(q.containsKey("filter") ? APPS_BY_NAME : array()));
    }

    private static Run collect(ExampleOrg org, String appId) {
        Issues issues = new Issues();
        OktaConfig config = new OktaConfig(org.url(), Secret.of("00ExampleOrgToken-not-a-secret"), null, null, null, null, appId);
        OktaSnapshot okta = new OktaCollector(config, Progress.SILENT, issues).collect();
        return new Run(okta, issues.list(), org.requests());
    }

    /**
     * The issues of the sections an example feeds: a test serves one endpoint's example and
     * leaves the others empty (or, for single objects, the spec's 404), so what the other
     * sections say about that thin org is not the example's business.
     */
    private static List<CollectionIssue> issuesOf(Run run, String... sections) {
        Set<String> wanted = Set.of(sections);
        return run.issues().stream().filter(i -> wanted.contains(i.section())).toList();
    }

    private static List<CollectionIssue> section(Run run, String section) {
        return run.issues().stream().filter(i -> i.section().equals(section)).toList();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(n -> {
            if (!ids.contains(n.path("id").asText())) {
                ids.add(n.path("id").asText());
            }
        });
        return ids;
    }

    private static JsonNode array() {
        return dev.idaudit.util.Json.json().createArrayNode();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }
}
