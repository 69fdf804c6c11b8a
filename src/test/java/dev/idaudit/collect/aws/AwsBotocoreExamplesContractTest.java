package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.OrganizationalUnit;
import dev.idaudit.snapshot.AwsSnapshot.ServiceControlPolicy;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * botocore's own request/response examples (organizations/examples-1.json, sts/examples-1.json,
 * copied unchanged into src/test/resources/api-models/aws), served as they stand by a small
 * loopback server to the real collector through the real SDK clients: a request whose input is an
 * example's input gets that example's output; another request to a list operation gets an empty
 * list (the examples describe one organization, and nothing else is in it); anything else gets the
 * operation's "not found" error, or UnknownOperationException for a service the examples do not
 * cover (Identity Center, IAM, CloudTrail: those become collection issues). The records the
 * collector makes of the examples are asserted field by field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsBotocoreExamplesContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128";
    /** Paging members that the examples leave out and the collector always sends. */
    private static final Set<String> PAGING = Set.of("MaxResults", "NextToken");

    private final JsonNode organizationsExamples = read("/api-models/aws/organizations/examples-1.json").path("examples");
    private final JsonNode organizationsPaginators = read("/api-models/aws/organizations/paginators-1.json").path("pagination");
    private final JsonNode stsExamples = read("/api-models/aws/sts/examples-1.json").path("examples");
    private final Map<String, Integer> served = new ConcurrentHashMap<>();

    private HttpServer server;
    private AwsSnapshot snapshot;
    private List<CollectionIssue> issues;

    @BeforeAll
    void collectTheExamples() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        // The examples' member accounts are not entered: no example answers inside them.
        var config = new AwsConfig(null, "us-east-1", endpoint, null, null, null, List.of("333333333333", "444444444444"));
        Issues recorded = new Issues();
        snapshot = AwsCollector.withStaticKeys(config, "AKIAI44QH8DHBEXAMPLE", Secret.of("not-checked"), Progress.SILENT, recorded)
                .collect();
        issues = recorded.list();
    }

    @AfterAll
    void stop() {
        server.stop(0);
    }

    @Test
    void theCallerIsTheGetCallerIdentityExamplesUser() {
        assertEquals("arn:aws:iam::123456789012:user/Alice", snapshot.callerArn());
    }

    @Test
    void theDescribeOrganizationExampleGivesTheManagementAccountThroughItsArn() {
        // The example has MasterAccountArn and MasterAccountEmail but no MasterAccountId.
        var org = snapshot.organization();
        assertEquals("o-exampleorgid", org.id());
        assertEquals("arn:aws:organizations::111111111111:organization/o-exampleorgid", org.arn());
        assertEquals("ALL", org.featureSet());
        assertEquals("111111111111", org.managementAccountId());
        assertEquals("bill@example.com", org.managementAccountEmail());
        assertNoIssue(Sections.AWS_ORGANIZATION);
    }

    @Test
    void theTreeExamplesGiveTwoOrganizationalUnitsUnderTheRootWithTheirPaths() {
        assertEquals(List.of("ou-examplerootid111-exampleouid111 Development r-examplerootid111 Root/Development",
                        "ou-examplerootid111-exampleouid222 Production r-examplerootid111 Root/Production"),
                snapshot.organizationalUnits().stream().map(ou -> ou.id() + " " + ou.name() + " " + ou.parentId() + " " + ou.path())
                        .toList());
        // The OU's ARN is the example's, typo ("examlerootid111") included.
        OrganizationalUnit development = snapshot.organizationalUnits().get(0);
        assertEquals("arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-examlerootid111-exampleouid111", development.arn());
        assertNoIssue(Sections.AWS_ORGANIZATIONAL_UNITS);
    }

    @Test
    void theListAccountsForParentExampleGivesItsAccountsWithTheDeprecatedStatusAsState() {
        List<Account> accounts = snapshot.accounts();
        assertEquals(List.of("333333333333", "444444444444"), accounts.stream().map(Account::id).toList());
        Account development = accounts.get(0);
        assertEquals("Development Account", development.name());
        assertEquals("juan@example.com", development.email());
        assertEquals("ACTIVE", development.state(), "the example carries Status only, no State");
        assertEquals("ou-examplerootid111-exampleouid111", development.parentId());
        assertEquals("Root/Development", development.ouPath());
        assertEquals(Instant.ofEpochMilli(1481835795536L), development.joined());
        assertEquals("arn:aws:organizations::111111111111:account/o-exampleorgid/333333333333", development.arn());
        assertNoIssue(Sections.AWS_ACCOUNTS);
    }

    @Test
    void theScpExamplesGiveThreePoliciesTheContentOfTheOneDescribedAndTheTargetsOfTheOneListed() {
        Map<String, ServiceControlPolicy> byId = new TreeMap<>();
        snapshot.serviceControlPolicies().forEach(p -> byId.put(p.id(), p));
        assertEquals(Set.of("p-examplepolicyid111", "p-examplepolicyid222", "p-FullAWSAccess"), byId.keySet());
        ServiceControlPolicy s3 = byId.get("p-examplepolicyid111");
        assertEquals("AllowAllS3Actions", s3.name());
        assertEquals(false, s3.awsManaged());
        // Kept verbatim: the example's Content is escaped twice (a literal backslash-n and backslash-quote), so it is not
        // a JSON policy document as it stands; the collector does not repair what the service answered.
        assertEquals(organizationsExamples.path("DescribePolicy").get(0).path("output").path("Policy").path("Content").asText(),
                s3.content());
        assertTrue(s3.content().startsWith("{\\n  \\\"Version\\\""), s3.content());
        ServiceControlPolicy full = byId.get("p-FullAWSAccess");
        assertTrue(full.awsManaged());
        assertEquals(List.of("r-examplerootid111 ROOT Root", "333333333333 ACCOUNT Developer Test Account",
                        "ou-examplerootid111-exampleouid111 ORGANIZATIONAL_UNIT Accounting"),
                full.targets().stream().map(t -> t.targetId() + " " + t.type() + " " + t.name()).toList());
        // No example describes the other two: their content is unknown, and the collection says so.
        assertNull(byId.get("p-FullAWSAccess").content());
        assertEquals(2, issues.stream().filter(i -> i.section().equals(Sections.AWS_SERVICE_CONTROL_POLICIES)
                && i.api().equals("organizations:DescribePolicy") && i.error().equals("PolicyNotFoundException")).count(), issues.toString());
    }

    @Test
    void everyOrganizationsExampleTheCollectorCanAskForWasServed() {
        assertEquals(Set.of("DescribeOrganization", "ListRoots", "ListOrganizationalUnitsForParent", "ListAccountsForParent",
                "ListPolicies", "DescribePolicy", "ListTargetsForPolicy", "GetCallerIdentity"), served.keySet());
    }

    private void assertNoIssue(String section) {
        assertEquals(List.of(), issues.stream().filter(i -> i.section().equals(section)).toList());
    }

    // ---- the loopback server ----

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null) {
                answerQuery(exchange, new String(body, StandardCharsets.UTF_8));
                return;
            }
            String operation = target.substring(target.lastIndexOf('.') + 1);
            if (!target.startsWith(ORGANIZATIONS_TARGET + ".")) {
                sendJson(exchange, 400, MAPPER.createObjectNode().put("__type", "UnknownOperationException")
                        .put("Message", "no botocore example serves " + target));
                return;
            }
            JsonNode input = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            for (JsonNode example : organizationsExamples.path(operation)) {
                if (sameInput(example.path("input"), input)) {
                    served.merge(operation, 1, Integer::sum);
                    sendJson(exchange, 200, example.path("output"));
                    return;
                }
            }
            JsonNode paginator = organizationsPaginators.get(operation);
            if (paginator != null) {
                ObjectNode empty = MAPPER.createObjectNode();
                empty.putArray(paginator.path("result_key").asText());
                sendJson(exchange, 200, empty);
            } else if (operation.equals("DescribePolicy")) {
                sendJson(exchange, 400, MAPPER.createObjectNode().put("__type", "PolicyNotFoundException")
                        .put("Message", "We can't find a policy with the PolicyId that you specified."));
            } else {
                sendJson(exchange, 400, MAPPER.createObjectNode().put("__type", "UnknownOperationException").put("Message", operation));
            }
        }
    }

    /** The example's input (absent: empty) is the request's, paging members aside. */
    private static boolean sameInput(JsonNode exampleInput, JsonNode request) {
        ObjectNode asked = request.deepCopy();
        asked.remove(PAGING);
        ObjectNode expected = exampleInput.isObject() ? (ObjectNode) exampleInput : MAPPER.createObjectNode();
        return asked.equals(expected);
    }

    /** STS's Query protocol: GetCallerIdentity's first example (an IAM user) as XML; other actions an error. */
    private void answerQuery(HttpExchange exchange, String form) throws IOException {
        Map<String, String> params = new TreeMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String action = params.getOrDefault("Action", "");
        if (!action.equals("GetCallerIdentity")) {
            sendXml(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>no botocore example "
                    + "serves " + action + "</Message></Error><RequestId>example</RequestId></ErrorResponse>");
            return;
        }
        served.merge(action, 1, Integer::sum);
        JsonNode output = stsExamples.path("GetCallerIdentity").get(0).path("output");
        StringBuilder result = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = output.fields(); it.hasNext(); ) {
            var field = it.next();
            result.append('<').append(field.getKey()).append('>').append(field.getValue().asText()).append("</").append(field.getKey()).append('>');
        }
        sendXml(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + result + "</GetCallerIdentityResult><ResponseMetadata><RequestId>example</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>");
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendXml(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = AwsBotocoreExamplesContractTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
