package dev.idaudit.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.collect.aws.AwsCollector;
import dev.idaudit.collect.aws.AwsPermissions;
import dev.idaudit.collect.okta.OktaCollector;
import dev.idaudit.collect.okta.OktaEndpoints;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.sandbox.LargeScenario;
import dev.idaudit.sandbox.Traffic;
import dev.idaudit.sandbox.aws.AcmeAws;
import dev.idaudit.sandbox.aws.AwsEmulator;
import dev.idaudit.sandbox.okta.AcmeOkta;
import dev.idaudit.sandbox.okta.OktaEmulator;
import dev.idaudit.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shipped permissions (docs/permissions/*.json) grant exactly what the collectors call: both
 * collectors read acme from the emulators, every call is recorded with who made it, mapped to its
 * IAM action or Okta scope, and compared with the policy files both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeTest {
    private static final Path PERMISSIONS = Path.of("docs", "permissions");
    /** The IAM action prefix of each service: sso-admin is authorised as sso:, the Identity Store as identitystore:. */
    private static final Map<String, String> IAM_PREFIX = Map.of("sso-admin", "sso", "identitystore", "identitystore",
            "organizations", "organizations", "cloudtrail", "cloudtrail", "iam", "iam", "sts", "sts");
    /** AWS needs no permission for it: "No permissions are required to perform this operation." */
    private static final String NEEDS_NO_PERMISSION = "sts:GetCallerIdentity";

    private final Set<String> calledByCaller = new TreeSet<>();
    private final Set<String> calledInsideMemberAccounts = new TreeSet<>();
    private final List<String> oktaPaths = new ArrayList<>();

    @BeforeAll
    void collectAcmeAndRecordEveryCall() {
        // ListInstances without Status makes the collector ask DescribeInstance, the one call acme would not make.
        try (AwsEmulator aws = AwsEmulator.start(AcmeAws.scenario(2, s -> s.put("instancesListedWithoutStatus", true)))) {
            AwsConfig config = new AwsConfig(null, aws.region(), aws.endpoint(), null, null, null, null);
            Issues issues = new Issues();
            AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked"), Progress.SILENT, issues).collect();
            assertEquals(List.of(), issues.list(), "acme is read whole");
            for (AwsEmulator.Call call : aws.calls()) {
                String action = IAM_PREFIX.get(call.service()) + ":" + call.operation();
                (call.assumedRole() == null ? calledByCaller : calledInsideMemberAccounts).add(action);
            }
        }
        // A few principals in many accounts make the collector, in the management account, list assignments
        // per principal: the one Identity Center call acme (many principals, few accounts) would not make.
        try (AwsEmulator aws = AwsEmulator.start(LargeScenario.generate(
                new LargeScenario.Parameters(30, 4, 40, 6, 2, 60, 2, 11), Traffic.NONE))) {
            AwsConfig config = new AwsConfig(null, aws.region(), aws.endpoint(), null, null, null, null);
            Issues issues = new Issues();
            AwsCollector.withStaticKeys(config, "AKIAIDAUDITTEST00001", Secret.of("not-checked"), Progress.SILENT, issues).collect();
            assertEquals(List.of(), issues.list(), "the small world is read whole");
            assertTrue(aws.callCount("ListAccountAssignmentsForPrincipal") > 0);
            for (AwsEmulator.Call call : aws.calls()) {
                String action = IAM_PREFIX.get(call.service()) + ":" + call.operation();
                (call.assumedRole() == null ? calledByCaller : calledInsideMemberAccounts).add(action);
            }
        }
        calledByCaller.remove(NEEDS_NO_PERMISSION);
        // An appId that is not an AWS app makes the collector read that app by id, the one endpoint acme would not call.
        try (OktaEmulator okta = OktaEmulator.start(AcmeOkta.withPageSize(2))) {
            OktaConfig config = new OktaConfig(okta.baseUrl(), Secret.of(OktaEmulator.API_TOKEN), null, null, null, null,
                    "0oa1slack0000000005");
            new OktaCollector(config, Progress.SILENT, new Issues()).collect();
            oktaPaths.addAll(okta.answeredPaths());
        }
    }

    @Test
    void theAuditPolicyGrantsExactlyTheActionsCalledWithTheCallersCredentials() {
        assertEquals(List.of(), differences(calledByCaller, granted("aws-audit-policy.json")));
    }

    @Test
    void theMemberRoleGrantsExactlyTheActionsCalledInsideMemberAccounts() {
        assertEquals(List.of(), differences(calledInsideMemberAccounts, granted("aws-member-role-policy.json")));
    }

    @Test
    void theComparisonCatchesAnUncalledGrantAndAnUngrantedCall() {
        Set<String> granted = new TreeSet<>(calledByCaller);
        granted.remove("sso:ListAccountAssignments");
        granted.add("iam:ListUsers");
        assertEquals(List.of("called but not granted: sso:ListAccountAssignments", "granted but never called: iam:ListUsers"),
                differences(calledByCaller, granted));
    }

    @Test
    void theCallerMayAssumeOnlyTheMemberRoleAndReadsEverythingElseOnAnyResource() {
        for (JsonNode statement : read("aws-audit-policy.json").path("Statement")) {
            boolean assume = statement.path("Action").asText().equals(AwsPermissions.ASSUME_ROLE);
            assertEquals(assume ? "arn:aws:iam::*:role/" + AwsConfig.DEFAULT_MEMBER_ROLE : "*", statement.path("Resource").asText(),
                    statement.toString());
            assertEquals("Allow", statement.path("Effect").asText());
        }
        assertTrue(calledByCaller.contains(AwsPermissions.ASSUME_ROLE));
    }

    @Test
    void thePolicyFilesAreWhatDoctorPrints() {
        assertEquals(AwsPermissions.callerPolicy(AwsConfig.DEFAULT_MEMBER_ROLE), read("aws-audit-policy.json"));
        assertEquals(AwsPermissions.memberRolePolicy(), read("aws-member-role-policy.json"));
        assertEquals(AwsPermissions.memberRoleTrustPolicy("arn:aws:iam::AUDIT_ACCOUNT_ID:role/idaudit-audit", "YOUR-EXTERNAL-ID"),
                read("aws-member-role-trust-policy.json"));
    }

    @Test
    void everyOktaRequestIsAKnownEndpointAndEveryEndpointIsRequested() {
        List<String> unknown = oktaPaths.stream().filter(p -> OktaEndpoints.of(p).isEmpty()).distinct().toList();
        assertEquals(List.of(), unknown, "endpoints the collector calls that OktaEndpoints does not list");
        Set<OktaEndpoints.Endpoint> requested = oktaPaths.stream().map(p -> OktaEndpoints.of(p).orElseThrow()).collect(Collectors.toSet());
        // GET /api/v1/groups/{groupId} is called only for a push target the groups list lacks, which
        // acme's list never does (OktaCollectorTest.aPushTargetMissingFromTheGroupsListIsResolvedByItsIdThroughGetGroup).
        assertEquals(List.of(), OktaEndpoints.COLLECTED.stream().filter(e -> !requested.contains(e))
                        .map(e -> e.path()).filter(p -> !p.equals("/api/v1/groups/{groupId}")).toList(),
                "endpoints OktaEndpoints lists that the collector never calls");
    }

    @Test
    void theServiceAppIsGrantedExactlyTheScopesOfTheRequestedEndpoints() {
        Set<String> needed = oktaPaths.stream().flatMap(p -> OktaEndpoints.of(p).orElseThrow().scopes().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> granted = new TreeSet<>();
        read("okta-service-app.json").path("scopes").forEach(s -> granted.add(s.asText()));
        assertEquals(List.of(), differences(needed, granted));
        assertEquals(new TreeSet<>(OktaConfig.READ_ONLY_SCOPES), granted, "what the config asks for by default");
        assertEquals("private_key_jwt", read("okta-service-app.json").path("application").path("token_endpoint_auth_method").asText());
    }

    /** What is called but not granted, then what is granted but never called. */
    static List<String> differences(Set<String> called, Set<String> granted) {
        List<String> out = new ArrayList<>();
        called.stream().filter(a -> !granted.contains(a)).forEach(a -> out.add("called but not granted: " + a));
        granted.stream().filter(a -> !called.contains(a)).forEach(a -> out.add("granted but never called: " + a));
        return out;
    }

    /** Every action an Allow statement of the policy file names (a wildcard would match no call and fail). */
    private static Set<String> granted(String file) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : read(file).path("Statement")) {
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    private static JsonNode read(String file) {
        try {
            return Json.json().readTree(PERMISSIONS.resolve(file).toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read docs/permissions/" + file, e);
        }
    }
}
