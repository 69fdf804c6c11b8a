package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.MemberAccount;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.RequiredComponents;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

class MemberAccountReaderTest {
    static final String ACCOUNT = "222222222222";
    static final String ROLE = "AWSReservedSSO_ReadOnly_0123456789abcdef";

    @Test
    void reservedRoleNamesGiveThePermissionSetNameEvenWithUnderscores() {
        assertEquals("DevOps-AdministratorAccess",
                MemberAccountReader.permissionSetName("AWSReservedSSO_DevOps-AdministratorAccess_0123456789abcdef"));
        assertEquals("Developer_Team", MemberAccountReader.permissionSetName("AWSReservedSSO_Developer_Team_fedcba9876543210"));
    }

    /**
     * IAM answers a role without its RoleName and a SAML provider without its Arn (a broken or
     * hostile answer, through the real SDK over HTTP): the account is still read, the role is
     * left out with an issue, and the collection leaves the provider out with one, so the
     * snapshot stays readable.
     */
    @Test
    void aRoleOrSamlProviderAnsweredWithoutItsIdIsLeftOutWithAnIssueAndTheAccountIsStillRead() throws IOException {
        HttpServer iam = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        iam.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String action = "";
            for (String pair : body.split("&")) {
                if (pair.startsWith("Action=")) {
                    action = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
            byte[] answer = response(action, ANSWERS.getOrDefault(action, "")).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        iam.start();
        Issues issues = new Issues();
        MemberAccount account;
        try (IamClient client = IamClient.builder().region(Region.AWS_GLOBAL)
                .endpointOverride(URI.create("http://127.0.0.1:" + iam.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIDAUDITTEST00001", "test")))
                .build()) {
            account = new MemberAccountReader(ACCOUNT, client, null, new Calls(issues, Progress.SILENT, "aws:" + ACCOUNT), PageSizes.LARGEST)
                    .read();
        } finally {
            iam.stop(0);
        }

        assertEquals(List.of(ROLE), account.reservedRoles().stream().map(AwsSnapshot.ReservedRole::roleName).toList());
        assertEquals(List.of(new CollectionIssue(Sections.AWS_MEMBER_ROLES, ACCOUNT, null, "iam:GetAccountAuthorizationDetails",
                RequiredComponents.MISSING_IDENTIFIER,
                "a role under /aws-reserved/sso.amazonaws.com/ was answered without its RoleName and left out")), issues.list());
        assertEquals(1, account.samlProviders().size());
        assertNull(account.samlProviders().get(0).arn());
        assertEquals(List.of("<root_account>"), account.credentialReport().stream().map(AwsSnapshot.CredentialReportRow::user).toList());

        Snapshot collected = RequiredComponents.withoutIncompleteRecords(new Snapshot(Snapshot.CURRENT_SCHEMA_VERSION, null, null,
                new AwsSnapshot(null, null, null, null, null, null, null, null, List.of(account)), issues.list()));
        assertEquals(List.of(), collected.aws().memberAccounts().get(0).samlProviders());
        assertEquals(new CollectionIssue(Sections.AWS_MEMBER_SAML_PROVIDERS, ACCOUNT, null, RequiredComponents.COLLECTION_API,
                        RequiredComponents.MISSING_IDENTIFIER,
                        "1 SamlProvider record was answered without its arn and left out: aws.memberAccounts[0].samlProviders[0]"),
                collected.collectionIssues().get(1));
    }

    private static final String ROLE_XML = "<Path>/aws-reserved/sso.amazonaws.com/</Path><RoleName>" + ROLE + "</RoleName>"
            + "<RoleId>AROAIDAUDIT000000001</RoleId><Arn>arn:aws:iam::" + ACCOUNT + ":role/aws-reserved/sso.amazonaws.com/" + ROLE
            + "</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>";

    /** IAM's answers (query protocol) by action; the second role and the provider lack their names and ARNs. */
    private static final Map<String, String> ANSWERS = Map.of(
            "GetAccountAuthorizationDetails", "<IsTruncated>false</IsTruncated><RoleDetailList><member>" + ROLE_XML + "</member>"
                    + "<member><Path>/aws-reserved/sso.amazonaws.com/</Path><RoleId>AROAIDAUDIT000000002</RoleId>"
                    + "<CreateDate>2026-01-01T00:00:00Z</CreateDate></member></RoleDetailList>",
            "ListSAMLProviders", "<SAMLProviderList><member><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
                    + "<ValidUntil>2126-01-01T00:00:00Z</ValidUntil></member></SAMLProviderList>",
            "GenerateCredentialReport", "<State>COMPLETE</State>",
            "GetCredentialReport", "<Content>" + Base64.getEncoder().encodeToString(
                    ("user,arn,password_enabled,mfa_active,access_key_1_active,access_key_2_active\n"
                            + "<root_account>,arn:aws:iam::" + ACCOUNT + ":root,not_supported,true,false,false\n").getBytes(StandardCharsets.UTF_8))
                    + "</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime>");

    private static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><" + action + "Result>" + result + "</"
                + action + "Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></" + action + "Response>";
    }
}
