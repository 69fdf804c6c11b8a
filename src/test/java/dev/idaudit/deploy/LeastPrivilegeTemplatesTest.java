package dev.idaudit.deploy;

import static dev.idaudit.deploy.Templates.at;
import static dev.idaudit.deploy.Templates.list;
import static dev.idaudit.deploy.Templates.map;
import static dev.idaudit.deploy.Templates.oneOrMany;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The CloudFormation templates grant what docs/permissions/*.json grant, statement by statement
 * (LeastPrivilegeTest checks those files against the calls the collectors make).
 */
class LeastPrivilegeTemplatesTest {
    private static final Path AWS = Path.of("deploy", "aws");
    private static final Path PERMISSIONS = Path.of("docs", "permissions");
    /** The task role's own bucket statements: not for reading Okta or AWS. */
    private static final Set<String> EVIDENCE_STATEMENTS = Set.of("ListEvidence", "WriteEvidence");

    @Test
    void theWeeklyAuditTaskRoleReadsWithTheAuditPolicyExactly() throws IOException {
        Map<String, Object> template = cloudFormation("weekly-audit.yaml");
        List<Object> statements = new ArrayList<>();
        for (Object policy : list(template, "Resources", "TaskRole", "Properties", "Policies")) {
            statements.addAll(list(policy, "PolicyDocument", "Statement"));
        }
        statements.removeIf(s -> EVIDENCE_STATEMENTS.contains(at(s, "Sid")));
        String memberRole = (String) at(template, "Parameters", "MemberRoleName", "Default");
        assertEquals(actionsBySid(readPolicy("aws-audit-policy.json")), actionsBySid(statements));
        assertEquals(resourcesBySid(readPolicy("aws-audit-policy.json")), resourcesInTheAwsPartition(statements, memberRole));
    }

    @Test
    void theStackSetsMemberRoleGrantsTheMemberRolePolicyExactly() throws IOException {
        Map<String, Object> outer = cloudFormation("member-role-stackset.yaml");
        Map<String, Object> inner = Templates.cloudFormation((String) at(outer, "Resources", "MemberRoleStackSet", "Properties", "TemplateBody"));
        List<Object> statements = new ArrayList<>();
        for (Object policy : list(map(inner, "Resources", "ReadOnlyRole"), "Properties", "Policies")) {
            statements.addAll(list(policy, "PolicyDocument", "Statement"));
        }
        assertEquals(actionsBySid(readPolicy("aws-member-role-policy.json")), actionsBySid(statements));
        assertEquals(resourcesBySid(readPolicy("aws-member-role-policy.json")), resourcesBySid(statements));
    }

    @Test
    void theIdentityCenterPermissionSetGrantsTheAuditPolicyExactly() throws IOException {
        Map<String, Object> template = cloudFormation("idaudit-permission-set.yaml");
        assertEquals("AWS::SSO::PermissionSet", at(template, "Resources", "PermissionSet", "Type"));
        assertEquals("IdAuditReadOnly", at(template, "Resources", "PermissionSet", "Properties", "Name"));
        List<Object> statements = list(template, "Resources", "PermissionSet", "Properties", "InlinePolicy", "Statement");
        String memberRole = (String) at(template, "Parameters", "MemberRoleName", "Default");
        assertEquals(actionsBySid(readPolicy("aws-audit-policy.json")), actionsBySid(statements));
        assertEquals(resourcesBySid(readPolicy("aws-audit-policy.json")), resourcesInTheAwsPartition(statements, memberRole));
    }

    private static Map<Object, Set<String>> actionsBySid(List<Object> statements) {
        Map<Object, Set<String>> out = new LinkedHashMap<>();
        for (Object s : statements) {
            Set<String> actions = new TreeSet<>();
            oneOrMany(at(s, "Action")).forEach(a -> actions.add(String.valueOf(a)));
            out.put(at(s, "Sid"), actions);
        }
        return out;
    }

    /** Each statement's resource as the policy file writes it: in the aws partition, with the template's default member role. */
    private static Map<Object, String> resourcesInTheAwsPartition(List<Object> statements, String memberRole) {
        return resourcesBySid(statements).entrySet().stream().collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()
                .replace("${AWS::Partition}", "aws").replace("${MemberRoleName}", memberRole)), Map::putAll);
    }

    /** Each statement's resource, a CloudFormation Fn::Sub written out as its string. */
    private static Map<Object, String> resourcesBySid(List<Object> statements) {
        Map<Object, String> out = new LinkedHashMap<>();
        for (Object s : statements) {
            Object resource = at(s, "Resource");
            out.put(at(s, "Sid"), resource instanceof Map<?, ?> sub ? String.valueOf(sub.get("Fn::Sub")) : String.valueOf(resource));
        }
        return out;
    }

    /** A policy file's statements as plain maps and lists, the way the templates are read. */
    private static List<Object> readPolicy(String file) throws IOException {
        JsonNode policy = Json.json().readTree(PERMISSIONS.resolve(file).toFile());
        return Json.json().convertValue(policy.path("Statement"), Json.json().getTypeFactory().constructCollectionType(List.class, Object.class));
    }

    private static Map<String, Object> cloudFormation(String file) throws IOException {
        return Templates.cloudFormation(Files.readString(AWS.resolve(file), StandardCharsets.UTF_8));
    }
}
