package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The shape validator itself: it must catch what the emulator tests rely on it to catch. */
class BotocoreModelTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    final BotocoreModel organizations = BotocoreModel.of("organizations");
    final BotocoreModel iam = BotocoreModel.of("iam");

    @Test
    void acceptsAConformingJsonResponse() throws Exception {
        JsonNode ok = MAPPER.readTree("{\"Accounts\":[{\"Id\":\"123456789012\",\"Status\":\"ACTIVE\",\"JoinedTimestamp\":1.7E9}],\"NextToken\":\"abc\"}");
        assertEquals(List.of(), organizations.validateJson("ListAccounts", ok));
    }

    @Test
    void rejectsUnknownMembersWrongTypesAndEnumValues() throws Exception {
        JsonNode bad = MAPPER.readTree("{\"Accounts\":[{\"id\":\"123456789012\",\"Status\":\"ACTIVATED\",\"JoinedTimestamp\":\"2024-01-01\"}],"
                + "\"NextToken\":5}");
        List<String> problems = organizations.validateJson("ListAccounts", bad);
        assertTrue(problems.stream().anyMatch(p -> p.contains(".id: not a member of Account")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("'ACTIVATED' is not a value of enum AccountStatus")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("JoinedTimestamp: expected a timestamp in epoch seconds")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("NextToken: expected a string")), problems::toString);
    }

    @Test
    void rejectsAMissingRequiredMemberAndABrokenPattern() throws Exception {
        JsonNode bad = MAPPER.readTree("{\"Users\":[{\"UserId\":\"not-a-uuid\"}]}");
        List<String> problems = BotocoreModel.of("identitystore").validateJson("ListUsers", bad);
        assertTrue(problems.stream().anyMatch(p -> p.contains("required member IdentityStoreId of User is missing")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("does not match the pattern of ResourceId")), problems::toString);
    }

    @Test
    void validatesAJsonErrorAgainstTheExceptionShape() throws Exception {
        assertEquals(List.of(), organizations.validateJsonError(MAPPER.readTree("{\"__type\":\"AccessDeniedException\",\"Message\":\"no\"}")));
        assertTrue(organizations.validateJsonError(MAPPER.readTree("{\"__type\":\"NoSuchThing\",\"Message\":\"no\"}")).get(0)
                .contains("not an exception shape"));
        assertTrue(organizations.validateJsonError(MAPPER.readTree("{\"__type\":\"AccessDeniedException\",\"Reason\":\"x\"}")).get(0)
                .contains("not a member of AccessDeniedException"));
    }

    @Test
    void validatesQueryXmlListsBooleansAndTimestamps() throws Exception {
        Element ok = xml("<ListRolesResult><IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>r</RoleName>"
                + "<RoleId>AROAAAAAAAAAAAAAAAAAA</RoleId><Arn>arn:aws:iam::123456789012:role/r</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                + "</member></Roles></ListRolesResult>");
        assertEquals(List.of(), iam.validateXml("ListRoles", ok));
        Element bad = xml("<ListRolesResult><IsTruncated>no</IsTruncated><Roles><role><Path>/</Path><RoleName>r</RoleName>"
                + "<RoleId>AROAAAAAAAAAAAAAAAAAA</RoleId><Arn>arn:aws:iam::123456789012:role/r</Arn><CreateDate>yesterday</CreateDate>"
                + "<Colour>blue</Colour></role></Roles></ListRolesResult>");
        List<String> problems = iam.validateXml("ListRoles", bad);
        assertTrue(problems.stream().anyMatch(p -> p.contains("IsTruncated: expected true or false")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("list items are <member>")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("CreateDate: expected an ISO-8601 timestamp")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Colour: not a member of Role")), problems::toString);
        assertTrue(iam.validateXml("ListRoles", xml("<ListRolesResult/>")).stream()
                .anyMatch(p -> p.contains("required member Roles of ListRolesResponse is missing")));
    }

    @Test
    void readsPaginatorsAndPageSizeCaps() {
        var p = iam.paginator("ListRoles").orElseThrow();
        assertEquals("Marker", p.inputToken());
        assertEquals("MaxItems", p.limitKey());
        assertEquals(1000, iam.limitMax("ListRoles", "MaxItems"));
        assertEquals(20, organizations.limitMax("ListAccounts", "MaxResults"));
        var details = iam.paginator("GetAccountAuthorizationDetails").orElseThrow();
        assertEquals(List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"), details.resultKeys());
        assertEquals("Marker", details.outputToken());
    }

    private static Element xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }
}
