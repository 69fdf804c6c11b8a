package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;

/**
 * Every response the emulator gives for acme, read over raw HTTP, conforms to the botocore
 * model of its operation; every paginated list is served in pages of at most awsPageSize (2
 * here, whatever MaxResults asks), and the pages together are exactly the list a single page
 * of a large page size holds.
 */
class AwsWireShapesTest {
    static final int PAGE = 2;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String MANAGEMENT_KEY = "AKIAIDAUDITTEST00001";
    static final String ORG_INSTANCE = "arn:aws:sso:::instance/ssoins-acme0000000001";

    static AwsEmulator paged;
    static AwsEmulator whole;

    @BeforeAll
    static void start() {
        paged = AwsEmulator.start(AcmeAws.scenario(PAGE));
        whole = AwsEmulator.start(AcmeAws.scenario(100));
    }

    @AfterAll
    static void stop() {
        paged.close();
        whole.close();
    }

    /**
     * Ids fixed by acme's cast (scenario.yaml, shared with the Okta side) that do not match the
     * id patterns of the AWS models: o-acme00001 is one character short, the OU ids lack the
     * ou-<root>-<8 chars> form, the instance ids are short of 16 characters, and the Identity
     * Store ids are readable names rather than hex/UUIDs. Every other pattern is enforced.
     */
    static final List<String> CAST_IDS_OUTSIDE_AWS_PATTERNS = List.of("o-acme00001", "ou-acme-", "ssoins-acme", "d-acme", "9a6b0", "9a6c0");

    static List<String> excusingCastIds(List<String> problems) {
        return problems.stream().filter(p -> !(p.contains("does not match the pattern")
                && CAST_IDS_OUTSIDE_AWS_PATTERNS.stream().anyMatch(id -> p.substring(0, p.indexOf("does not match")).contains(id)))).toList();
    }

    /** A temporary key of an account, in the form AssumeRole hands out. */
    static String memberKey(String accountId) {
        return "ASIA" + accountId + "TEST";
    }

    record Call(String service, String operation, ObjectNode input, String accessKey) {
        @Override
        public String toString() {
            return service + " " + operation + " " + input + (accessKey.equals(MANAGEMENT_KEY) ? "" : " as " + accessKey.substring(4, 16));
        }
    }

    static Call call(String service, String operation, String accessKey, Object... keyValues) {
        ObjectNode input = MAPPER.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            input.set((String) keyValues[i], MAPPER.valueToTree(keyValues[i + 1]));
        }
        return new Call(service, operation, input, accessKey);
    }

    static Call mgmt(String service, String operation, Object... keyValues) {
        return call(service, operation, MANAGEMENT_KEY, keyValues);
    }

    /** Every JSON-protocol read a collector makes of acme, built from aws.yaml so that nothing is left out. */
    static List<Call> jsonCalls() {
        JsonNode acme = AcmeAws.awsYaml();
        List<Call> calls = new ArrayList<>();
        String org = "organizations";
        calls.add(mgmt(org, "DescribeOrganization"));
        calls.add(call(org, "DescribeOrganization", memberKey("222222222222")));
        calls.add(mgmt(org, "ListRoots"));
        calls.add(mgmt(org, "ListAccounts"));
        calls.add(mgmt(org, "ListPolicies", "Filter", "SERVICE_CONTROL_POLICY"));
        calls.add(mgmt(org, "ListPolicies", "Filter", "TAG_POLICY"));
        List<String> parents = new ArrayList<>(List.of(acme.path("organization").path("root").path("id").asText()));
        acme.path("organizationalUnits").forEach(ou -> parents.add(ou.path("id").asText()));
        for (String parent : parents) {
            calls.add(mgmt(org, "ListOrganizationalUnitsForParent", "ParentId", parent));
            calls.add(mgmt(org, "ListAccountsForParent", "ParentId", parent));
            calls.add(mgmt(org, "ListChildren", "ParentId", parent, "ChildType", "ACCOUNT"));
            calls.add(mgmt(org, "ListChildren", "ParentId", parent, "ChildType", "ORGANIZATIONAL_UNIT"));
            calls.add(mgmt(org, "ListPoliciesForTarget", "TargetId", parent, "Filter", "SERVICE_CONTROL_POLICY"));
            if (!parent.startsWith("r-")) {
                calls.add(mgmt(org, "ListParents", "ChildId", parent));
            }
        }
        acme.path("accounts").forEach(a -> calls.add(mgmt(org, "ListParents", "ChildId", a.path("id").asText())));
        acme.path("serviceControlPolicies").forEach(p -> {
            calls.add(mgmt(org, "DescribePolicy", "PolicyId", p.path("id").asText()));
            calls.add(mgmt(org, "ListTargetsForPolicy", "PolicyId", p.path("id").asText()));
        });

        String sso = "sso-admin";
        calls.add(mgmt(sso, "ListInstances"));
        calls.add(call(sso, "ListInstances", memberKey("444444444444")));
        calls.add(call(sso, "ListInstances", memberKey("222222222222")));
        calls.add(mgmt(sso, "DescribeInstance", "InstanceArn", ORG_INSTANCE));
        calls.add(call(sso, "DescribeInstance", memberKey("444444444444"), "InstanceArn", "arn:aws:sso:::instance/ssoins-acmedev00000002"));
        calls.add(mgmt(sso, "ListPermissionSets", "InstanceArn", ORG_INSTANCE));
        calls.add(mgmt(sso, "ListPermissionSetProvisioningStatus", "InstanceArn", ORG_INSTANCE));
        calls.add(mgmt(sso, "ListPermissionSetProvisioningStatus", "InstanceArn", ORG_INSTANCE, "Filter", Map.of("Status", "FAILED")));
        acme.path("identityCenter").path("provisioningRequests").forEach(r -> calls.add(mgmt(sso, "DescribePermissionSetProvisioningStatus",
                "InstanceArn", ORG_INSTANCE, "ProvisionPermissionSetRequestId", r.path("id").asText())));
        List<String> accounts = new ArrayList<>();
        acme.path("accounts").forEach(a -> accounts.add(a.path("id").asText()));
        for (JsonNode ps : acme.path("identityCenter").path("permissionSets")) {
            String arn = "arn:aws:sso:::permissionSet/ssoins-acme0000000001/" + ps.path("id").asText();
            for (String op : List.of("DescribePermissionSet", "ListManagedPoliciesInPermissionSet",
                    "ListCustomerManagedPolicyReferencesInPermissionSet", "GetInlinePolicyForPermissionSet",
                    "ListAccountsForProvisionedPermissionSet")) {
                calls.add(mgmt(sso, op, "InstanceArn", ORG_INSTANCE, "PermissionSetArn", arn));
            }
            if (ps.has("permissionsBoundary")) {
                calls.add(mgmt(sso, "GetPermissionsBoundaryForPermissionSet", "InstanceArn", ORG_INSTANCE, "PermissionSetArn", arn));
            }
            for (String status : List.of("LATEST_PERMISSION_SET_PROVISIONED", "LATEST_PERMISSION_SET_NOT_PROVISIONED")) {
                calls.add(mgmt(sso, "ListAccountsForProvisionedPermissionSet", "InstanceArn", ORG_INSTANCE, "PermissionSetArn", arn,
                        "ProvisioningStatus", status));
            }
            for (String account : accounts) {
                calls.add(mgmt(sso, "ListAccountAssignments", "InstanceArn", ORG_INSTANCE, "PermissionSetArn", arn, "AccountId", account));
            }
        }
        for (String account : accounts) {
            calls.add(mgmt(sso, "ListPermissionSetsProvisionedToAccount", "InstanceArn", ORG_INSTANCE, "AccountId", account));
        }
        acme.path("identityCenter").path("assignments").forEach(a -> calls.add(mgmt(sso, "ListAccountAssignmentsForPrincipal",
                "InstanceArn", ORG_INSTANCE, "PrincipalId", a.path("principalId").asText(), "PrincipalType", a.path("principalType").asText())));

        // CloudTrail, signed for us-east-1: acme's trails are homed in eu-west-1 (a shadow trail here, and one seen only by ARN).
        String ct = "cloudtrail";
        calls.add(mgmt(ct, "DescribeTrails"));
        calls.add(mgmt(ct, "DescribeTrails", "includeShadowTrails", false));
        calls.add(call(ct, "DescribeTrails", memberKey("222222222222")));
        calls.add(mgmt(ct, "ListTrails"));
        for (JsonNode trail : acme.path("trails")) {
            String arn = "arn:aws:cloudtrail:" + trail.path("homeRegion").asText() + ":111111111111:trail/" + trail.path("name").asText();
            calls.add(mgmt(ct, "DescribeTrails", "trailNameList", List.of(arn), "includeShadowTrails", false));
            if (trail.path("multiRegion").asBoolean()) {
                calls.add(mgmt(ct, "GetTrailStatus", "Name", arn));
            }
        }

        String ids = "identitystore";
        acme.path("identityStores").fields().forEachRemaining(store -> {
            String owner = store.getKey().equals("d-acme000001") ? MANAGEMENT_KEY : memberKey("444444444444");
            calls.add(call(ids, "ListUsers", owner, "IdentityStoreId", store.getKey()));
            calls.add(call(ids, "ListGroups", owner, "IdentityStoreId", store.getKey()));
            store.getValue().path("users").forEach(u -> {
                calls.add(call(ids, "DescribeUser", owner, "IdentityStoreId", store.getKey(), "UserId", u.path("id").asText()));
                calls.add(call(ids, "ListGroupMembershipsForMember", owner, "IdentityStoreId", store.getKey(),
                        "MemberId", Map.of("UserId", u.path("id").asText())));
                calls.add(call(ids, "ListUsers", owner, "IdentityStoreId", store.getKey(),
                        "Filters", List.of(Map.of("AttributePath", "UserName", "AttributeValue", u.path("userName").asText()))));
            });
            store.getValue().path("groups").forEach(g -> {
                calls.add(call(ids, "DescribeGroup", owner, "IdentityStoreId", store.getKey(), "GroupId", g.path("id").asText()));
                calls.add(call(ids, "ListGroupMemberships", owner, "IdentityStoreId", store.getKey(), "GroupId", g.path("id").asText()));
            });
        });
        return calls;
    }

    @TestFactory
    Stream<DynamicTest> jsonResponsesConformToTheModelAndPageCompletely() {
        return jsonCalls().stream().map(c -> dynamicTest(c.toString(), () -> checkJson(c)));
    }

    private void checkJson(Call c) {
        BotocoreModel model = BotocoreModel.of(c.service());
        assertTrue(model.hasOperation(c.operation()), c.operation() + " is not in the " + c.service() + " model");
        WireClient client = new WireClient(paged.endpoint(), c.accessKey());
        var paginator = model.paginator(c.operation());
        if (paginator.isEmpty()) {
            WireClient.JsonResponse r = client.json(model, c.operation(), c.input());
            assertEquals(200, r.status(), () -> c + " answered " + r.body());
            assertNotNull(r.requestId(), "x-amzn-RequestId");
            assertEquals("application/x-amz-json-" + model.metadata().path("jsonVersion").asText(), r.contentType());
            assertEquals(List.of(), excusingCastIds(model.validateJson(c.operation(), r.body())), c::toString);
            return;
        }
        var p = paginator.get();
        ObjectNode input = c.input().deepCopy();
        // Ask for as much as the model allows: the scenario's page size must win.
        if (!p.limitKey().isEmpty()) { // CloudTrail's ListTrails has no limit key
            input.put(p.limitKey(), model.limitMax(c.operation(), p.limitKey()));
        }
        List<JsonNode> items = new ArrayList<>();
        int pages = 0;
        while (true) {
            WireClient.JsonResponse r = client.json(model, c.operation(), input);
            assertEquals(200, r.status(), () -> c + " answered " + r.body());
            assertEquals(List.of(), excusingCastIds(model.validateJson(c.operation(), r.body())), c::toString);
            JsonNode page = r.body().path(p.resultKey());
            assertTrue(page.isArray(), c + ": " + p.resultKey() + " missing");
            assertTrue(page.size() <= PAGE, c + ": a page of " + page.size() + " items, the page size is " + PAGE);
            page.forEach(items::add);
            pages++;
            JsonNode token = r.body().get(p.outputToken());
            if (token == null || token.isNull()) {
                break;
            }
            assertTrue(pages < 50, c + ": paging does not end");
            input.put(p.inputToken(), token.asText());
        }
        WireClient.JsonResponse single = new WireClient(whole.endpoint(), c.accessKey()).json(model, c.operation(), c.input());
        assertNull(single.body().get(p.outputToken()), c + ": a page of 100 should hold all of acme's list");
        List<JsonNode> expected = new ArrayList<>();
        single.body().path(p.resultKey()).forEach(expected::add);
        assertEquals(expected, items, c + ": the pages together differ from the whole list");
        if (items.size() > PAGE) {
            assertTrue(pages > 1, c + ": " + items.size() + " items in one page");
        }
    }

    @Test
    void bigListsReallyArePaged() {
        BotocoreModel orgs = BotocoreModel.of("organizations");
        WireClient client = new WireClient(paged.endpoint(), MANAGEMENT_KEY);
        var first = client.json(orgs, "ListAccounts", MAPPER.createObjectNode().put("MaxResults", 20));
        assertEquals(PAGE, first.body().path("Accounts").size());
        assertTrue(first.body().path("NextToken").isTextual());
    }

    // ---- Query (IAM, STS) ----

    record QueryCall(String service, String action, Map<String, String> params, String accessKey) {
        @Override
        public String toString() {
            return service + " " + action + " " + params + (accessKey.equals(MANAGEMENT_KEY) ? "" : " as " + accessKey.substring(4, 16));
        }
    }

    static List<QueryCall> queryCalls() {
        JsonNode acme = AcmeAws.awsYaml();
        List<QueryCall> calls = new ArrayList<>();
        calls.add(new QueryCall("sts", "GetCallerIdentity", Map.of(), MANAGEMENT_KEY));
        calls.add(new QueryCall("sts", "GetCallerIdentity", Map.of(), memberKey("333333333333")));
        calls.add(new QueryCall("sts", "AssumeRole", Map.of("RoleArn", "arn:aws:iam::222222222222:role/IdAuditReadOnly",
                "RoleSessionName", "idaudit", "DurationSeconds", "900"), MANAGEMENT_KEY));
        calls.add(new QueryCall("iam", "ListOrganizationsFeatures", Map.of(), MANAGEMENT_KEY));
        acme.path("memberAccounts").fields().forEachRemaining(account -> {
            String key = account.getKey().equals("111111111111") ? MANAGEMENT_KEY : memberKey(account.getKey());
            calls.add(new QueryCall("iam", "ListRoles", Map.of(), key));
            calls.add(new QueryCall("iam", "ListRoles", Map.of("PathPrefix", "/aws-reserved/sso.amazonaws.com/"), key));
            calls.add(new QueryCall("iam", "GetAccountAuthorizationDetails", Map.of("Filter.member.1", "Role"), key));
            calls.add(new QueryCall("iam", "GetAccountAuthorizationDetails", Map.of("Filter.member.1", "User", "Filter.member.2", "Role"), key));
            calls.add(new QueryCall("iam", "GetAccountAuthorizationDetails", Map.of(), key));
            calls.add(new QueryCall("iam", "ListSAMLProviders", Map.of(), key));
            calls.add(new QueryCall("iam", "GenerateCredentialReport", Map.of(), key));
            calls.add(new QueryCall("iam", "GetCredentialReport", Map.of(), key));
            account.getValue().path("roles").forEach(r -> calls.add(new QueryCall("iam", "GetRole", Map.of("RoleName", r.path("name").asText()), key)));
        });
        return calls;
    }

    @TestFactory
    Stream<DynamicTest> queryResponsesConformToTheModelAndPageCompletely() {
        return queryCalls().stream().map(c -> dynamicTest(c.toString(), () -> checkQuery(c)));
    }

    private void checkQuery(QueryCall c) {
        BotocoreModel model = BotocoreModel.of(c.service());
        WireClient client = new WireClient(paged.endpoint(), c.accessKey());
        if (c.action().equals("GetCredentialReport")) {
            client.query(model, "GenerateCredentialReport", Map.of());
        }
        var paginator = model.paginator(c.action());
        Map<String, String> params = new LinkedHashMap<>(c.params());
        paginator.ifPresent(p -> params.put(p.limitKey(), String.valueOf(model.limitMax(c.action(), p.limitKey()))));
        List<String> items = new ArrayList<>();
        int pages = 0;
        while (true) {
            WireClient.XmlResponse r = client.query(model, c.action(), params);
            Element root = r.body().getDocumentElement();
            assertEquals(200, r.status(), () -> c + " answered " + root.getTextContent());
            assertEquals("text/xml", r.contentType());
            assertEquals(c.action() + "Response", root.getTagName());
            assertEquals(model.metadata().path("xmlNamespace").asText(), root.getNamespaceURI());
            List<Element> parts = BotocoreModel.children(root);
            assertEquals(2, parts.size(), c + ": a result and ResponseMetadata");
            assertEquals("ResponseMetadata", parts.get(1).getTagName());
            assertEquals(r.requestId(), parts.get(1).getTextContent());
            assertEquals(List.of(), excusingCastIds(model.validateXml(c.action(), parts.get(0))), c::toString);
            pages++;
            if (paginator.isEmpty()) {
                return;
            }
            var p = paginator.get();
            List<String> onPage = entityNames(parts.get(0), p.resultKeys());
            assertTrue(onPage.size() <= PAGE, c + ": a page of " + onPage.size());
            items.addAll(onPage);
            boolean truncated = child(parts.get(0), "IsTruncated").getTextContent().equals("true");
            Element marker = childOrNull(parts.get(0), p.outputToken());
            assertEquals(truncated, marker != null, c + ": IsTruncated and Marker disagree");
            if (!truncated) {
                break;
            }
            assertTrue(pages < 50, c + ": paging does not end");
            params.put(p.inputToken(), marker.getTextContent());
        }
        WireClient.XmlResponse single = new WireClient(whole.endpoint(), c.accessKey()).query(model, c.action(), c.params());
        Element result = BotocoreModel.children(single.body().getDocumentElement()).get(0);
        List<String> expected = entityNames(result, paginator.get().resultKeys());
        assertEquals(expected, items, c + ": the pages together differ from the whole list");
        if (items.size() > PAGE) {
            assertTrue(pages > 1);
        }
    }

    /**
     * The entities of a page, as list:name (the member's RoleName, UserName ...), from every list
     * the paginator pages; a list the page leaves out counts as empty.
     */
    static List<String> entityNames(Element result, List<String> resultKeys) {
        List<String> names = new ArrayList<>();
        for (String key : resultKeys) {
            Element list = resultKeys.size() == 1 ? child(result, key) : childOrNull(result, key);
            if (list == null) {
                continue;
            }
            for (Element member : BotocoreModel.children(list)) {
                String name = BotocoreModel.children(member).stream().filter(e -> e.getTagName().endsWith("Name")).findFirst()
                        .map(Element::getTextContent).orElseThrow(() -> new AssertionError("a member of " + key + " without a name"));
                names.add(key + ":" + name);
            }
        }
        return names;
    }

    static Element child(Element parent, String name) {
        Element found = childOrNull(parent, name);
        assertNotNull(found, "<" + parent.getTagName() + "> has no <" + name + ">");
        return found;
    }

    static Element childOrNull(Element parent, String name) {
        return BotocoreModel.children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }
}
