package dev.idaudit.collect.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.collect.Collection;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.okta.AcmeOkta;
import dev.idaudit.sandbox.okta.OAuthClient;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.RequiredComponents;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import dev.idaudit.util.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The collector through the real okta-sdk-java against the Okta emulator over HTTP, with pages of two. */
class OktaCollectorTest {

    private static final String MAIN_APP = "0oa1awssso00000001";
    private static final String TEST_APP = "0oa1awssso00000002";
    private static final String CLIENT_ID = "0oa1idauditclient01";

    @Test
    void collectsEveryOktaEntityOfAcmeThroughPagesOfTwo() {
        RecordingProgress progress = new RecordingProgress();
        Issues issues = new Issues();
        OktaSnapshot okta;
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            okta = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), progress, issues).collect();
        }
        assertAcme(okta);

        assertEquals(List.of(), issues.list(), "acme answers every call");

        // Paged for real: no page held more than two items, and the 10 users took several calls.
        assertTrue(progress.largestPage.get() <= 2, "largest page " + progress.largestPage.get());
        assertEquals(10, progress.items.get("users"));
        assertTrue(progress.calls.get() > 40, "calls " + progress.calls.get());
        assertTrue(progress.done.contains(OktaCollector.SOURCE));
    }

    @Test
    void collectsThroughAnOAuthServiceAppSigningWithItsPrivateKey() {
        KeyPair keys = rsaKeys();
        OAuthClient client = new OAuthClient(CLIENT_ID, keys.getPublic(), Set.copyOf(OktaConfig.READ_ONLY_SCOPES));
        Issues issues = new Issues();
        OktaSnapshot okta;
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2), client)) {
            okta = new OktaCollector(oauthConfig(emulator, keys, OktaConfig.READ_ONLY_SCOPES), Progress.SILENT, issues).collect();
        }
        assertAcme(okta);
        assertEquals(List.of(), issues.list());
    }

    @Test
    void aScopeTheServiceAppLacksLeavesItsSectionUncollectedAndTheRestCollected() {
        KeyPair keys = rsaKeys();
        List<String> noPolicies = List.of("okta.apps.read", "okta.groups.read", "okta.users.read");
        OAuthClient client = new OAuthClient(CLIENT_ID, keys.getPublic(), Set.copyOf(noPolicies));
        Issues issues = new Issues();
        OktaSnapshot okta;
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2), client)) {
            okta = new OktaCollector(oauthConfig(emulator, keys, noPolicies), Progress.SILENT, issues).collect();
        }
        assertEquals(10, okta.users().size());
        assertEquals(2, okta.awsApps().size());
        okta.awsApps().forEach(app -> assertNull(app.accessPolicy(), app.id()));
        List<CollectionIssue> policyIssues = issues.list().stream()
                .filter(i -> i.section().equals(Sections.OKTA_AWS_APP_ACCESS_POLICY))
                .toList();
        assertEquals(Set.of(MAIN_APP, TEST_APP), policyIssues.stream().map(CollectionIssue::appId).collect(Collectors.toSet()));
        policyIssues.forEach(i -> {
            assertEquals("403", i.error());
            assertTrue(i.message().contains("E0000006"), i.message());
        });
    }

    @Test
    void aRejectedApiTokenIsAClearErrorThatNeverShowsTheToken() {
        String wrongToken = "00WrongTokenValue-that-must-not-leak";
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new OktaCollector(tokenConfig(emulator, wrongToken), Progress.SILENT, new Issues()).collect());
            assertTrue(e.getMessage().contains("rejected the API token"), e.getMessage());
            assertTrue(e.getMessage().contains("401 E0000011 Invalid token provided"), e.getMessage());
            assertNoSecret(e, wrongToken);
        }
    }

    @Test
    void anOAuthClientWithAnUnregisteredKeyIsAClearErrorThatNeverShowsTheKey() {
        KeyPair registered = rsaKeys();
        KeyPair other = rsaKeys();
        OAuthClient client = new OAuthClient(CLIENT_ID, registered.getPublic(), Set.copyOf(OktaConfig.READ_ONLY_SCOPES));
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2), client)) {
            OktaConfig config = oauthConfig(emulator, other, OktaConfig.READ_ONLY_SCOPES);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new OktaCollector(config, Progress.SILENT, new Issues()).collect());
            assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
            assertTrue(e.getMessage().contains(CLIENT_ID), e.getMessage());
            assertNoSecret(e, config.privateKey().reveal());
            assertNoSecret(e, pemBody(other));
        }
    }

    @Test
    void aDefaultConnectionAnswering404IsACollectionIssueForThatAppOnly() {
        Scenario acme = AcmeOkta.withPageSize(2);
        ObjectNode okta = acme.okta().deepCopy();
        ((ObjectNode) okta.get("apps").get(1)).putObject("defaultConnection").putObject("error")
                .put("status", 404).put("errorCode", "E0000007").put("errorSummary", "Not found: Resource not found: " + TEST_APP + " (AppInstance)");
        Issues issues = new Issues();
        OktaSnapshot snapshot;
        try (OktaEmulator emulator = OktaEmulator.start(new Scenario(acme.name(), acme.description(), acme.settings(), okta, null, acme.plants()))) {
            snapshot = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues).collect();
        }
        assertNull(snapshot.awsApps().get(1).defaultConnection());
        assertNotNull(snapshot.awsApps().get(0).defaultConnection());
        CollectionIssue issue = issues.list().stream()
                .filter(i -> i.section().equals(Sections.OKTA_AWS_APP_DEFAULT_CONNECTION)).findFirst().orElseThrow();
        assertEquals(TEST_APP, issue.appId());
        assertEquals("404", issue.error());
        assertTrue(issue.message().contains("E0000007"), issue.message());
        assertEquals(1, issues.list().size(), "only this 404");
    }

    /**
     * Policy rules are paged ({@code limit}, {@code Link}): every page is read by following Okta's next
     * link, and each verification method type (ASSURANCE, AUTH_METHOD_CHAIN, ID_PROOFING) is kept as sent;
     * the two chains are the spec's amc-two-chain example.
     */
    @Test
    void policyRulesAreReadOnEveryPageWithEachVerificationMethodAsOktaSentIt() throws Exception {
        Scenario acme = AcmeOkta.withPageSize(2);
        ObjectNode okta = acme.okta().deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode rules = (com.fasterxml.jackson.databind.node.ArrayNode) okta.get("policies").get(0).get("rules");
        rules.add(dev.idaudit.util.Json.yaml().readTree("""
                {id: rul1idproofing, type: ACCESS_POLICY, name: Verify identity, status: ACTIVE, priority: 3, system: false,
                 actions: {appSignOn: {access: ALLOW, verificationMethod: {type: ID_PROOFING, id: idv1persona}}}}
                """));
        rules.add(dev.idaudit.util.Json.yaml().readTree("""
                {id: rul1twochains, type: ACCESS_POLICY, name: Allow two authentication method chains, status: ACTIVE, priority: 4,
                 system: false, actions: {appSignOn: {access: ALLOW, verificationMethod: {type: AUTH_METHOD_CHAIN, chains: [
                   {authenticationMethods: [{key: okta_password, method: password}], next: [{authenticationMethods: [{key: phone_number, method: sms}]}]},
                   {authenticationMethods: [{key: okta_verify, method: signed_nonce, userVerification: REQUIRED}]}]}}}}
                """));
        Issues issues = new Issues();
        OktaSnapshot snapshot;
        long rulePages;
        try (OktaEmulator emulator = OktaEmulator.start(new Scenario(acme.name(), acme.description(), acme.settings(), okta, null, acme.plants()))) {
            snapshot = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues).collect();
            rulePages = emulator.received().stream().filter(r -> r.path().equals("/api/v1/policies/rst1awsssoaccess01/rules")).count();
        }
        assertEquals(List.of(), issues.list());
        assertEquals(3, rulePages, "five rules in pages of two");
        List<OktaSnapshot.PolicyRule> read = snapshot.awsApps().get(0).accessPolicy().rules();
        assertEquals(List.of("rul1require2fa", "rul1chainmfa", "rul1legacy1fa", "rul1idproofing", "rul1twochains"),
                read.stream().map(OktaSnapshot.PolicyRule::id).toList());
        assertEquals(new OktaSnapshot.PolicyRule("rul1idproofing", "Verify identity", "ACTIVE", 3, "ALLOW", "ID_PROOFING", null, List.of()),
                read.get(3));
        assertEquals(List.of(
                chain(step(method("okta_password", "password", null)), step(method("phone_number", "sms", null))),
                chain(step(method("okta_verify", "signed_nonce", "REQUIRED")))), read.get(4).chains());
    }

    /**
     * A next link is followed only on the org the collector was given: reached as localhost, the
     * emulator's links name 127.0.0.1, so the second page of rules is not asked for and the
     * policy is a collection issue (the token never goes to another host), while the lists read
     * by their cursor are read whole.
     */
    @Test
    void aNextLinkToAnotherHostIsNotFollowed() {
        Issues issues = new Issues();
        OktaSnapshot snapshot;
        List<String> rulePaths;
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            URI asLocalhost = URI.create("http://localhost:" + emulator.baseUrl().getPort());
            snapshot = new OktaCollector(new OktaConfig(asLocalhost, Secret.of(OktaEmulator.API_TOKEN), null, null, null, null, null),
                    Progress.SILENT, issues).collect();
            rulePaths = emulator.received().stream().map(OktaEmulator.Received::path)
                    .filter(p -> p.equals("/api/v1/policies/rst1awsssoaccess01/rules")).toList();
        }
        assertEquals(10, snapshot.users().size());
        assertEquals(1, rulePaths.size(), "the first page only");
        assertNull(snapshot.awsApps().get(0).accessPolicy());
        CollectionIssue issue = issues.list().stream().filter(i -> i.appId().equals(MAIN_APP)).findFirst().orElseThrow();
        assertEquals(Sections.OKTA_AWS_APP_ACCESS_POLICY, issue.section());
        assertTrue(issue.message().contains("leaves the org http://localhost:"), issue.message());
    }

    /** A hostile or broken answer must never make the snapshot unreadable: what lacks its id is left out, and said. */
    @Test
    void anAppUserAndAPushMappingAnsweredWithoutIdsAreLeftOutWithIssuesAndTheSnapshotReadsBack() throws Exception {
        Scenario acme = AcmeOkta.withPageSize(2);
        ObjectNode okta = acme.okta().deepCopy();
        ObjectNode app = (ObjectNode) okta.get("apps").get(0);
        ((ObjectNode) app.get("users").get(0)).remove("id");
        ((ObjectNode) app.get("pushMappings").get(0)).remove("id");
        Issues issues = new Issues();
        Snapshot snapshot;
        try (OktaEmulator emulator = OktaEmulator.start(new Scenario(acme.name(), acme.description(), acme.settings(), okta, null, acme.plants()))) {
            OktaCollector collector = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues);
            snapshot = Collection.run("test", "sandbox:test", emulator.baseUrl().toString(), collector::collect, () -> null,
                    NO_AWS, issues, Clock.systemUTC());
        }
        OktaSnapshot.AwsApp collected = snapshot.okta().awsApps().get(0);
        assertEquals(8, collected.users().size(), "alice's app user, answered without an id, is left out");
        assertTrue(collected.users().stream().noneMatch(u -> u.userId() == null));
        assertTrue(collected.pushMappings().stream().noneMatch(m -> m.id() == null));
        assertEquals(List.of(
                new CollectionIssue(Sections.OKTA_AWS_APP_USERS, null, MAIN_APP, RequiredComponents.COLLECTION_API,
                        RequiredComponents.MISSING_IDENTIFIER, "1 AppUser record was answered without its userId and left out: okta.awsApps[0].users[0]"),
                new CollectionIssue(Sections.OKTA_AWS_APP_PUSH_MAPPINGS, null, MAIN_APP, RequiredComponents.COLLECTION_API,
                        RequiredComponents.MISSING_IDENTIFIER, "1 PushMapping record was answered without its id and left out: okta.awsApps[0].pushMappings[0]")),
                snapshot.collectionIssues().stream().filter(i -> i.section().startsWith("okta")).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotIO.write(snapshot, out);
        assertEquals(snapshot, SnapshotIO.read(new ByteArrayInputStream(out.toByteArray()), "collected.json"));
    }

    /**
     * A push mapping's target is an Okta APP_GROUP: when the groups list cannot be read, its name
     * comes from GET /api/v1/groups/{id}, one call per target.
     */
    @Test
    void aPushTargetMissingFromTheGroupsListIsResolvedByItsIdThroughGetGroup() {
        Scenario acme = AcmeOkta.withPageSize(2);
        Traffic traffic = Traffic.NONE.withFaults(List.of(new Traffic.Fault("okta", Traffic.FaultKind.ACCESS_DENIED, "/api/v1/groups", null, -1, null)));
        Issues issues = new Issues();
        OktaSnapshot okta;
        List<String> paths;
        try (OktaEmulator emulator = OktaEmulator.start(acme.withSettings(acme.settings().withTraffic(traffic)))) {
            okta = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues).collect();
            paths = emulator.answeredPaths();
        }
        assertEquals(List.of(), okta.groups(), "the list was refused");
        assertEquals(List.of(Sections.OKTA_GROUPS), issues.list().stream().map(CollectionIssue::section).toList());
        Map<String, String> names = okta.awsApps().get(0).pushMappings().stream()
                .collect(Collectors.toMap(OktaSnapshot.PushMapping::targetGroupId, OktaSnapshot.PushMapping::targetGroupName));
        assertEquals(Map.of("00g1devopsapp00011", "org-DevOps", "00g1devsapp000012", "org-Developers",
                "00g1readonlyapp013", "org-ReadOnly", "00g1breakglassap14", "org-BreakGlass"), names);
        assertEquals(1, paths.stream().filter(p -> p.equals("/api/v1/groups/00g1readonlyapp013")).count());
    }

    /** A target Okta cannot answer for leaves the mapping's target unknown, and says so for that app's push mappings. */
    @Test
    void aPushTargetOktaDoesNotFindLeavesItsNameUnknownWithAnIssue() {
        Scenario acme = AcmeOkta.withPageSize(2);
        ObjectNode okta = acme.okta().deepCopy();
        var groups = (com.fasterxml.jackson.databind.node.ArrayNode) okta.get("groups");
        for (int i = groups.size() - 1; i >= 0; i--) {
            if (groups.get(i).path("group").path("id").asText().equals("00g1readonlyapp013")) {
                groups.remove(i);
            }
        }
        Issues issues = new Issues();
        OktaSnapshot snapshot;
        try (OktaEmulator emulator = OktaEmulator.start(new Scenario(acme.name(), acme.description(), acme.settings(), okta, null, acme.plants()))) {
            snapshot = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues).collect();
        }
        OktaSnapshot.PushMapping readonly = snapshot.awsApps().get(0).pushMappings().stream()
                .filter(m -> m.targetGroupId().equals("00g1readonlyapp013")).findFirst().orElseThrow();
        assertNull(readonly.targetGroupName());
        CollectionIssue issue = issues.list().get(0);
        // the push mappings' issue, and the members read through that app's mappings inheriting it
        assertEquals(2, issues.list().size(), issues.list().toString());
        assertEquals(CollectionIssue.READ_THROUGH_PARTIAL_LIST, issues.list().get(1).error());
        assertEquals(Sections.OKTA_AWS_APP_PUSH_MAPPINGS, issues.list().get(1).inheritedFrom());
        assertEquals(Sections.OKTA_AWS_APP_PUSH_MAPPINGS, issue.section());
        assertEquals(MAIN_APP, issue.appId());
        assertEquals("404", issue.error());
        assertTrue(issue.message().startsWith("GET /api/v1/groups/00g1readonlyapp013 failed"), issue.message());
    }

    /** The AWS side of a collection that reads only Okta. */
    static final Collection.AwsFacts NO_AWS = new Collection.AwsFacts() {
        @Override
        public String callerArn() {
            return null;
        }

        @Override
        public String managementAccountId() {
            return null;
        }

        @Override
        public String region() {
            return null;
        }
    };

    /**
     * Okta's Features API does not serve amazon_aws_sso: its documented 400 E0000001 is kept as the
     * app's answer, not a collection issue, so a real org's collection stays complete.
     */
    @Test
    void theDocumentedRefusalOfFeaturesIsRecordedAsOktasAnswerNotAsACollectionIssue() {
        Issues issues = new Issues();
        OktaSnapshot snapshot;
        List<String> answered;
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            snapshot = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues).collect();
            answered = emulator.answeredPaths();
        }
        assertTrue(answered.contains("/api/v1/apps/" + MAIN_APP + "/features"), "asked, and refused");
        snapshot.awsApps().forEach(app -> {
            assertEquals(FEATURES_REFUSED, app.featuresRefused(), app.id());
            assertEquals(List.of(), app.features(), app.id());
        });
        assertEquals(List.of(), issues.list());
    }

    /** Any other failure of /features (here a 403) is a collection issue for that app only, and nothing is taken as refused. */
    @Test
    void featuresAnsweringAnotherErrorIsACollectionIssueForThatAppOnly() {
        Scenario acme = AcmeOkta.withPageSize(2);
        ObjectNode okta = acme.okta().deepCopy();
        ObjectNode error = ((ObjectNode) okta.get("apps").get(1)).putObject("features").putObject("error");
        error.put("status", 403).put("errorCode", "E0000006").put("errorSummary", "You do not have permission to perform the requested action");
        Issues issues = new Issues();
        OktaSnapshot snapshot;
        try (OktaEmulator emulator = OktaEmulator.start(new Scenario(acme.name(), acme.description(), acme.settings(), okta, null, acme.plants()))) {
            snapshot = new OktaCollector(tokenConfig(emulator, OktaEmulator.API_TOKEN), Progress.SILENT, issues).collect();
        }
        assertNull(snapshot.awsApps().get(1).featuresRefused());
        assertEquals(FEATURES_REFUSED, snapshot.awsApps().get(0).featuresRefused());
        assertEquals(List.of(new CollectionIssue(Sections.OKTA_AWS_APP_FEATURES, null, TEST_APP,
                "GET /api/v1/apps/" + TEST_APP + "/features", "403",
                "GET /api/v1/apps/" + TEST_APP + "/features failed: HTTP 403 E0000006 You do not have permission to perform "
                        + "the requested action")), issues.list());
    }

    @Test
    void aConfiguredAppIdThatIsNotAnAwsAppIsACollectionIssue() {
        Issues issues = new Issues();
        try (OktaEmulator emulator = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            for (String appId : List.of("0oa1slack0000000005", "0oa1nosuchapp000000")) {
                OktaConfig config = new OktaConfig(emulator.baseUrl(), Secret.of(OktaEmulator.API_TOKEN), null, null, null, null, appId);
                OktaSnapshot okta = new OktaCollector(config, Progress.SILENT, issues).collect();
                assertEquals(2, okta.awsApps().size(), "the org's amazon_aws_sso apps are still collected");
            }
        }
        Map<String, String> errorByApp = issues.list().stream()
                .filter(i -> i.section().equals(Sections.OKTA_AWS_APP))
                .collect(Collectors.toMap(CollectionIssue::appId, CollectionIssue::error));
        assertEquals(Map.of("0oa1slack0000000005", "NotAwsApp", "0oa1nosuchapp000000", "404"), errorByApp);
    }

    @Test
    void plainHttpIsRefusedForAnOrgThatIsNotOnLoopback() {
        OktaConfig config = new OktaConfig(URI.create("http://acme.okta.example"), Secret.of("x"), null, null, null, null, null);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new OktaCollector(config, Progress.SILENT, new Issues()).collect());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertNull(System.getProperty(OktaClients.DISABLE_HTTPS_CHECK));
    }

    // ---------------------------------------------------------------- the acme cast, as collected

    private static void assertAcme(OktaSnapshot okta) {
        Instant now = Instant.now();
        Map<String, OktaSnapshot.User> users = okta.users().stream().collect(Collectors.toMap(OktaSnapshot.User::id, u -> u));
        assertEquals(10, users.size(), "DEPROVISIONED users are read too");
        assertEquals("DEPROVISIONED", users.get("00u1dave00000000004").status());
        assertEquals("SUSPENDED", users.get("00u1erin00000000005").status());
        OktaSnapshot.User carol = users.get("00u1carol0000000003");
        assertEquals("carol@acme.example", carol.login());
        assertEquals("carol@acme.example", carol.email());
        assertEquals("Carol", carol.firstName());
        assertDaysAgo(200, carol.lastLogin(), now);
        assertDaysAgo(700, carol.created(), now);
        assertDaysAgo(20, users.get("00u1dave00000000004").statusChanged(), now);

        assertEquals(10, okta.groups().size(), "6 Okta groups and the 4 APP_GROUPs that stand for the pushed groups in AWS");
        assertTrue(okta.groups().contains(new OktaSnapshot.Group("00g1devopsapp00011", "org-DevOps",
                "Platform engineers; AWS administrators", "APP_GROUP")), "the push target, named as its source group");
        assertTrue(okta.groups().contains(new OktaSnapshot.Group("00g1everyone000006", "Everyone", "All users in your organization", "BUILT_IN")));
        assertTrue(okta.groups().stream().anyMatch(g -> g.id().equals("00g1devops000000001") && g.name().equals("org-DevOps")
                && g.type().equals("OKTA_GROUP")));

        assertEquals(5, okta.apps().size());
        assertTrue(okta.apps().contains(new OktaSnapshot.App("0oa1awsfed00000003", "amazon_aws", "AWS Account Federation (legacy)", "ACTIVE", "SAML_2_0")));
        assertTrue(okta.apps().contains(new OktaSnapshot.App("0oa1awsfed00000004", "amazon_aws", "AWS Account Federation (old)", "INACTIVE", "SAML_2_0")));

        // Members only of the groups assigned to or pushed by an amazon_aws_sso app: not Everyone.
        Map<String, List<String>> members = okta.groupMembers().stream()
                .collect(Collectors.toMap(OktaSnapshot.GroupMembers::groupId, OktaSnapshot.GroupMembers::userIds));
        assertEquals(Set.of("00g1devops000000001", "00g1devs0000000002", "00g1readonly000003", "00g1breakglass0004", "00g1awsusers000005"),
                members.keySet());
        assertEquals(List.of("00u1bob000000000002", "00u1carol0000000003", "00u1grace0000000007"), members.get("00g1devs0000000002"));
        assertEquals(7, members.get("00g1awsusers000005").size());

        assertEquals(List.of(MAIN_APP, TEST_APP), okta.awsApps().stream().map(OktaSnapshot.AwsApp::id).toList());
        OktaSnapshot.AwsApp main = okta.awsApps().get(0);
        assertEquals("amazon_aws_sso", main.name());
        assertEquals("AWS IAM Identity Center", main.label());
        assertEquals("ACTIVE", main.status());

        assertEquals(9, main.users().size());
        OktaSnapshot.AppUser frank = main.users().stream().filter(u -> u.userId().equals("00u1frank0000000006")).findFirst().orElseThrow();
        assertEquals("USER", frank.scope());
        assertEquals("ERROR", frank.syncState());
        assertEquals("PROVISIONED", frank.status());
        assertEquals("9a6c0006-frank", frank.externalId());
        assertEquals("frank@acme.example", frank.userName());
        assertDaysAgo(2, frank.lastSync(), now);
        OktaSnapshot.AppUser grace = main.users().stream().filter(u -> u.userId().equals("00u1grace0000000007")).findFirst().orElseThrow();
        assertNull(grace.externalId());
        assertEquals("STAGED", grace.status());
        OktaSnapshot.AppUser dave = main.users().stream().filter(u -> u.userId().equals("00u1dave00000000004")).findFirst().orElseThrow();
        assertEquals("DEPROVISIONED", dave.status());
        assertNull(dave.externalId(), "Okta unassigns a deprovisioned app user's externalId");
        assertEquals("dave@acme.example", dave.userName(), "credentials.userName stays: the key the join falls back to");
        assertEquals("${source.login}", main.userNameTemplate());

        assertEquals(5, main.groups().size());
        assertTrue(main.groups().contains(new OktaSnapshot.AppGroup("00g1awsusers000005", 4)));

        // amazon_aws_sso as Okta documents it: the app object's features, /features refused, the connection UNKNOWN.
        assertEquals(List.of("GROUP_PUSH", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"),
                main.appFeatures());
        assertEquals(List.of(), main.features());
        assertEquals(FEATURES_REFUSED, main.featuresRefused());
        assertEquals(new OktaSnapshot.Connection("UNKNOWN", "UNKNOWN", null), main.defaultConnection());

        assertEquals(4, main.pushMappings().size());
        OktaSnapshot.PushMapping readonly = main.pushMappings().stream()
                .filter(m -> m.sourceGroupId().equals("00g1readonly000003")).findFirst().orElseThrow();
        assertEquals("ERROR", readonly.status());
        assertEquals("00g1readonlyapp013", readonly.targetGroupId(), "an Okta APP_GROUP, not the Identity Store GroupId");
        assertEquals("org-ReadOnly", readonly.targetGroupName(), "resolved from the groups list");
        assertEquals("Group push failed: 409 conflict", readonly.errorSummary());
        assertDaysAgo(3, readonly.lastPush(), now);
        assertEquals(3, main.pushMappings().stream().filter(m -> m.status().equals("ACTIVE")).count());

        Map<String, OktaSnapshot.SigningKey> keys = main.signingKeys().stream()
                .collect(Collectors.toMap(OktaSnapshot.SigningKey::kid, k -> k));
        assertEquals(Set.of("kid-valid", "kid-rotated-out"), keys.keySet(), "every key the app has had");
        assertEquals("kid-valid", main.signingKid(), "the key in use");
        assertDaysAgo(20, keys.get("kid-rotated-out").expiresAt(), now);
        assertDaysAgo(-700, keys.get("kid-valid").expiresAt(), now);
        assertEquals("sig", keys.get("kid-valid").use());

        OktaSnapshot.AccessPolicy policy = main.accessPolicy();
        assertNotNull(policy);
        assertEquals("rst1awsssoaccess01", policy.id());
        assertEquals("ACTIVE", policy.status());
        assertEquals(List.of(
                new OktaSnapshot.PolicyRule("rul1require2fa", "Require two factors", "ACTIVE", 0, "ALLOW", "ASSURANCE", "2FA", List.of()),
                new OktaSnapshot.PolicyRule("rul1chainmfa", "Administrators, password then Okta Verify", "ACTIVE", 1, "ALLOW",
                        "AUTH_METHOD_CHAIN", null, List.of(chain(step(method("okta_password", "password", null)),
                                step(method("okta_verify", "push", null))))),
                new OktaSnapshot.PolicyRule("rul1legacy1fa", "Legacy contractors", "ACTIVE", 2, "ALLOW", "ASSURANCE", "1FA", List.of())),
                policy.rules(), "three rules, read over two pages of two");

        OktaSnapshot.AwsApp test = okta.awsApps().get(1);
        assertEquals("AWS IAM Identity Center (test)", test.label());
        assertEquals(List.of("GROUP_PUSH"), test.appFeatures(), "provisioning switched off");
        assertEquals(FEATURES_REFUSED, test.featuresRefused());
        assertEquals("UNKNOWN", test.defaultConnection().status());
        assertEquals(List.of(), test.users());
        assertEquals(List.of("kid-expiring-soon", "kid-test-valid"), test.signingKeys().stream().map(OktaSnapshot.SigningKey::kid).toList());
        assertEquals("kid-expiring-soon", test.signingKid(), "the new key was never activated");
        assertEquals("rst1awsssotest0002", test.accessPolicy().id());
    }

    /** What Okta answers on /features for an app the Features API does not serve (the spec's example). */
    private static final String FEATURES_REFUSED =
            "HTTP 400 E0000001 Api validation failed: feature (Provisioning is not enabled for the app instance.)";

    private static OktaSnapshot.MethodChain chain(OktaSnapshot.ChainStep... steps) {
        return new OktaSnapshot.MethodChain(List.of(steps));
    }

    private static OktaSnapshot.ChainStep step(OktaSnapshot.AuthMethod... methods) {
        return new OktaSnapshot.ChainStep(List.of(methods));
    }

    private static OktaSnapshot.AuthMethod method(String key, String method, String userVerification) {
        return new OktaSnapshot.AuthMethod(key, method, userVerification);
    }

    private static void assertDaysAgo(long days, Instant actual, Instant now) {
        assertNotNull(actual);
        long hours = Duration.between(actual, now).toHours();
        assertTrue(Math.abs(hours - days * 24) <= 1, "expected " + days + " days ago, was " + actual + " (now " + now + ")");
    }

    private static void assertNoSecret(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), "secret in: " + t.getMessage());
            assertFalse(t.toString().contains(secret), "secret in: " + t);
        }
    }

    // ---------------------------------------------------------------- fixtures

    static OktaConfig tokenConfig(OktaEmulator emulator, String token) {
        return new OktaConfig(emulator.baseUrl(), Secret.of(token), null, null, null, null, null);
    }

    private static OktaConfig oauthConfig(OktaEmulator emulator, KeyPair keys, List<String> scopes) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new OktaConfig(emulator.baseUrl(), null, CLIENT_ID, Secret.of(pem), null, scopes, null);
    }

    private static String pemBody(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()).substring(0, 64);
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts what the collector reports. */
    private static final class RecordingProgress implements Progress {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger largestPage = new AtomicInteger();
        final Map<String, Integer> items = new ConcurrentHashMap<>();
        final List<String> done = new ArrayList<>();

        @Override
        public void call(String source) {
            assertEquals(OktaCollector.SOURCE, source);
            calls.incrementAndGet();
        }

        @Override
        public void items(String source, String kind, int count) {
            items.merge(kind, count, Integer::sum);
            largestPage.accumulateAndGet(count, Math::max);
        }

        @Override
        public void done(String source) {
            done.add(source);
        }
    }
}
