package dev.idaudit.deploy;

import static dev.idaudit.deploy.Templates.at;
import static dev.idaudit.deploy.Templates.list;
import static dev.idaudit.deploy.Templates.map;
import static dev.idaudit.deploy.Templates.oneOrMany;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.ConfigLoader;
import dev.idaudit.config.IdAuditConfig;
import dev.idaudit.deploy.Dockerfile.Instruction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment templates under deploy/ parse and say what docs/operate.md promises: there is
 * no Docker engine, Kubernetes cluster or AWS account here, so their structure is the test.
 * (cfn-lint also passes on both CloudFormation templates; it is not needed to run this test.)
 */
class DeployTemplatesTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern CRON = Pattern.compile("\\S+( \\S+){4}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|secret|password|passwd|private_?key|api_?key|credential).*");

    @TempDir
    Path tmp;

    // ---- Dockerfile -----------------------------------------------------------------------------

    /** idaudit publishes no repository, image or jar: nothing may point at one as if it did. */
    @Test
    void deploymentFilesAndDocsNameNoInventedAddressAndTheImageTheUserBuilds() throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (Path root : List.of(DEPLOY, Path.of("docs"), Path.of("README.md"), Path.of("report-templates"), Path.of("src/main"))) {
            try (var walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        for (Path f : files) {
            String text = Files.readString(f);
            for (String invented : List.of("github.com/idaudit", "ghcr.io/idaudit", "idaudit.dev")) {
                assertFalse(text.contains(invented), f + " names " + invented);
            }
        }
        String cronjob = Files.readString(DEPLOY.resolve("kubernetes/cronjob.yaml"));
        assertTrue(cronjob.contains("docker build -f deploy/Dockerfile"), "the CronJob says how to build its image");
        assertTrue(cronjob.contains("image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/idaudit:0.1.0"), "and names the image pushed");
    }

    @Test
    void dockerfileBuildsWithMavenOnAJdkAndRunsOnAJreAsANonRootUser() throws IOException {
        Dockerfile d = Dockerfile.read(DEPLOY.resolve("Dockerfile"));
        List<Instruction> froms = d.all("FROM");
        assertEquals(2, froms.size(), "a build stage and a runtime stage");
        assertEquals("${JDK_IMAGE} AS build", froms.get(0).arguments());
        assertTrue(d.globalArgDefault("JDK_IMAGE").startsWith("eclipse-temurin:17-jdk"), d.globalArgDefault("JDK_IMAGE"));
        assertTrue(froms.get(1).arguments().startsWith("${JRE_IMAGE}"), froms.get(1).arguments());
        assertTrue(d.globalArgDefault("JRE_IMAGE").startsWith("eclipse-temurin:17-jre"), d.globalArgDefault("JRE_IMAGE"));

        assertTrue(d.inStage(0, "RUN").stream().anyMatch(r -> r.arguments().contains("./mvnw -B -DskipTests package")),
                "the build stage packages the jar with the wrapper");

        int runtime = d.lastStage();
        List<String> copies = d.inStage(runtime, "COPY").stream().map(Instruction::arguments).toList();
        assertTrue(copies.stream().anyMatch(c -> c.startsWith("--from=build") && c.endsWith("/src/target/idaudit.jar /opt/idaudit/idaudit.jar")), copies.toString());
        assertTrue(copies.stream().anyMatch(c -> c.startsWith("--from=build") && c.endsWith("/src/rules/ /opt/idaudit/rules/")), copies.toString());

        List<Instruction> users = d.inStage(runtime, "USER");
        assertFalse(users.isEmpty(), "the runtime stage sets a user");
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "the image must not run as root: " + user);
        assertTrue(users.get(users.size() - 1).line() > d.inStage(runtime, "RUN").stream().mapToInt(Instruction::line).max().orElse(0),
                "USER comes after the last RUN, so nothing later runs as root");

        List<Instruction> entry = d.inStage(runtime, "ENTRYPOINT");
        assertEquals(1, entry.size());
        assertEquals("[\"java\", \"-jar\", \"/opt/idaudit/idaudit.jar\"]", entry.get(0).arguments(), "exec form, so signals reach the JVM");

        assertTrue(d.all("HEALTHCHECK").stream().allMatch(h -> h.arguments().equals("NONE")), "a batch image has no health check");
        assertTrue(d.inStage(runtime, "LABEL").stream().anyMatch(l -> l.arguments().contains("org.opencontainers.image.title")));
        assertTrue(d.inStage(runtime, "LABEL").stream().noneMatch(l -> l.arguments().contains("://")),
                "no label names an address: idaudit publishes no repository or image");
        assertTrue(d.all("EXPOSE").isEmpty(), "a batch job listens on nothing");
    }

    @Test
    void dockerfileBakesInNoSecrets() throws IOException {
        Dockerfile d = Dockerfile.read(DEPLOY.resolve("Dockerfile"));
        for (String keyword : List.of("ENV", "ARG")) {
            for (Instruction i : d.all(keyword)) {
                String name = i.arguments().split("[= ]", 2)[0];
                assertFalse(SECRET_NAME.matcher(name).matches(), keyword + " " + name + " (line " + i.line() + ") would bake a secret into the image");
            }
        }
        assertTrue(d.all("ADD").isEmpty(), "COPY only: ADD fetches URLs and unpacks archives");
    }

    @Test
    void dockerIgnoreLetsThroughEverythingTheBuildCopies() throws IOException {
        Dockerfile d = Dockerfile.read(DEPLOY.resolve("Dockerfile"));
        List<String> ignore = Files.readAllLines(DEPLOY.resolve("Dockerfile.dockerignore"));
        assertEquals("*", ignore.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow(),
                "deny everything first, so local runs and keys never reach the build context");
        Set<String> allowed = ignore.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1)).collect(Collectors.toSet());
        for (Instruction copy : d.inStage(0, "COPY")) {
            String[] parts = copy.arguments().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                if (!parts[i].startsWith("--")) {
                    assertTrue(allowed.contains(parts[i]), "COPY " + parts[i] + " (line " + copy.line() + ") is excluded by Dockerfile.dockerignore");
                }
            }
        }
    }

    @Test
    void dockerBuildCopiesEverythingThePomBuildsFrom() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Dockerfile d = Dockerfile.read(DEPLOY.resolve("Dockerfile"));
        Set<String> copied = d.inStage(0, "COPY").stream()
                .flatMap(c -> Stream.of(c.arguments().split("\\s+")))
                .filter(w -> !w.startsWith("--"))
                .map(w -> w.endsWith("/") ? w.substring(0, w.length() - 1) : w)
                .collect(Collectors.toSet());
        Matcher resource = Pattern.compile("<resource>\\s*<directory>([^<]+)</directory>").matcher(pom);
        int resources = 0;
        while (resource.find()) {
            resources++;
            String dir = resource.group(1);
            assertTrue(copied.stream().anyMatch(c -> dir.equals(c) || dir.startsWith(c + "/")), "the pom builds from " + resource.group(1) + " but the image build does not copy it");
        }
        assertTrue(resources >= 2, "the pom's resource directories were found");
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        assertTrue(finalName.find());
        String jar = "/src/target/" + finalName.group(1) + ".jar";
        assertTrue(d.inStage(d.lastStage(), "COPY").stream().anyMatch(c -> c.arguments().contains(jar + " ")),
                "the runtime stage copies the jar the pom names: " + jar);
    }

    // ---- Kubernetes -------------------------------------------------------------------------------

    @Test
    void cronJobRunsWeeklyOneAtATimeAsNonRootOnAReadOnlyRoot() throws IOException {
        Map<String, Map<String, Object>> byKind = kubernetesObjects();
        Map<String, Object> cron = byKind.get("CronJob");
        String schedule = (String) at(cron, "spec", "schedule");
        assertTrue(CRON.matcher(schedule).matches(), schedule);
        assertTrue(schedule.endsWith(" * * 1"), "weekly, on Mondays: " + schedule);
        assertEquals("Forbid", at(cron, "spec", "concurrencyPolicy"));

        Map<String, Object> pod = map(cron, "spec", "jobTemplate", "spec", "template", "spec");
        assertEquals("Never", pod.get("restartPolicy"));
        assertEquals(Boolean.TRUE, at(pod, "securityContext", "runAsNonRoot"));
        assertNotEquals(0, at(pod, "securityContext", "runAsUser"));

        Map<String, Object> container = map(pod, "containers", 0);
        assertEquals(Boolean.TRUE, at(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(Boolean.FALSE, at(container, "securityContext", "allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(container, "securityContext", "capabilities", "drop"));
        for (String kind : List.of("requests", "limits")) {
            assertTrue(map(container, "resources", kind).containsKey("memory"), "resources." + kind + ".memory");
        }

        Map<String, String> mountToVolume = new java.util.HashMap<>();
        for (Object m : list(container, "volumeMounts")) {
            mountToVolume.put((String) at(m, "mountPath"), (String) at(m, "name"));
        }
        Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
        for (Object v : list(pod, "volumes")) {
            volumes.put((String) at(v, "name"), Templates.map(v));
        }
        assertTrue(volumes.get(mountToVolume.get("/tmp")).containsKey("emptyDir"), "/tmp is a writable emptyDir over the read-only root");
        assertEquals("idaudit-config", at(volumes.get(mountToVolume.get("/etc/idaudit")), "configMap", "name"));
        assertTrue(volumes.values().stream().anyMatch(v -> v.containsKey("secret")), "the OAuth private key can be mounted from a Secret");

        List<Object> args = list(container, "args");
        assertEquals("run", args.get(0));
        assertEquals("/etc/idaudit/idaudit.yaml", args.get(args.indexOf("--config") + 1));
        assertTrue(((String) args.get(args.indexOf("--out") + 1)).startsWith("s3://"), "the run goes to the S3 evidence store");
    }

    @Test
    void cronJobTakesSecretsFromASecretAndAwsCredentialsFromIrsa() throws IOException {
        Map<String, Map<String, Object>> byKind = kubernetesObjects();
        Map<String, Object> pod = map(byKind.get("CronJob"), "spec", "jobTemplate", "spec", "template", "spec");
        Map<String, Object> container = map(pod, "containers", 0);
        Map<String, Object> token = list(container, "env").stream().map(Templates::map)
                .filter(e -> "OKTA_API_TOKEN".equals(e.get("name"))).findFirst().orElseThrow();
        assertFalse(token.containsKey("value"), "the token is never written in the manifest");
        assertEquals("idaudit-okta", at(token, "valueFrom", "secretKeyRef", "name"));
        for (Object e : list(container, "env")) {
            Map<String, Object> env = Templates.map(e);
            if (SECRET_NAME.matcher((String) env.get("name")).matches()) {
                assertFalse(env.containsKey("value"), env.get("name") + " must come from a Secret");
            }
        }
        assertFalse(byKind.containsKey("Secret"), "Secrets are created with kubectl, never committed");
        assertTrue(list(container, "env").stream().map(Templates::map).noneMatch(e -> String.valueOf(e.get("name")).startsWith("AWS_SECRET")),
                "no static AWS keys");

        Map<String, Object> account = byKind.get("ServiceAccount");
        assertEquals(at(account, "metadata", "name"), pod.get("serviceAccountName"));
        assertTrue(((String) at(account, "metadata", "annotations", "eks.amazonaws.com/role-arn")).startsWith("arn:aws:iam::"));
    }

    @Test
    void cronJobConfigIsAValidIdauditConfig() throws IOException {
        String yaml = (String) at(kubernetesObjects().get("ConfigMap"), "data", "idaudit.yaml");
        IdAuditConfig config = loadConfig(yaml);
        assertEquals("https://acme.okta.com", config.okta().orgUrl().toString());
        assertEquals(AwsConfig.DEFAULT_MEMBER_ROLE, config.aws().memberRoleName());
    }

    // ---- AWS: the weekly audit --------------------------------------------------------------------

    @Test
    void weeklyAuditStackSchedulesAFargateTaskThatWritesToAnObjectLockedBucket() throws IOException {
        Map<String, Object> t = cloudFormation("weekly-audit.yaml");
        Map<String, Object> resources = map(t, "Resources");
        assertEquals(Map.of(
                "AWS::S3::Bucket", 1L, "AWS::S3::BucketPolicy", 1L, "AWS::Logs::LogGroup", 1L, "AWS::ECS::Cluster", 1L,
                "AWS::ECS::TaskDefinition", 1L, "AWS::IAM::Role", 3L, "AWS::Scheduler::Schedule", 1L, "AWS::EC2::SecurityGroup", 1L),
                resources.values().stream().collect(Collectors.groupingBy(r -> (String) at(r, "Type"), Collectors.counting())));

        Map<String, Object> bucket = map(resources, "EvidenceBucket");
        assertEquals("Retain", bucket.get("DeletionPolicy"));
        assertEquals(Boolean.TRUE, at(bucket, "Properties", "ObjectLockEnabled"));
        assertEquals("Enabled", at(bucket, "Properties", "ObjectLockConfiguration", "ObjectLockEnabled"));
        Map<String, Object> retention = map(bucket, "Properties", "ObjectLockConfiguration", "Rule", "DefaultRetention");
        assertEquals("COMPLIANCE", retention.get("Mode"));
        assertEquals(Map.of("Ref", "EvidenceRetentionDays"), retention.get("Days"), "the retention is a parameter");
        assertTrue(map(t, "Parameters").containsKey("EvidenceRetentionDays"));
        assertEquals("Enabled", at(bucket, "Properties", "VersioningConfiguration", "Status"));
        assertTrue(at(bucket, "Properties", "BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault", "SSEAlgorithm") instanceof String);
        Map<String, Object> block = map(bucket, "Properties", "PublicAccessBlockConfiguration");
        assertEquals(Set.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"), block.keySet());
        assertTrue(block.values().stream().allMatch(Boolean.TRUE::equals), "all public access blocked: " + block);

        Map<String, Object> schedule = map(resources, "WeeklySchedule", "Properties");
        String expression = (String) at(t, "Parameters", "ScheduleExpression", "Default");
        assertTrue(expression.matches("cron\\(\\S+ \\S+ \\? \\* (MON|SUN|TUE|WED|THU|FRI|SAT) \\*\\)"), "weekly: " + expression);
        assertEquals(Map.of("Ref", "ScheduleExpression"), schedule.get("ScheduleExpression"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Cluster", "Arn")), at(schedule, "Target", "Arn"));
        assertEquals(Map.of("Ref", "TaskDefinition"), at(schedule, "Target", "EcsParameters", "TaskDefinitionArn"));
        assertEquals("FARGATE", at(schedule, "Target", "EcsParameters", "LaunchType"));

        Map<String, Object> task = map(resources, "TaskDefinition", "Properties");
        assertEquals(List.of("FARGATE"), task.get("RequiresCompatibilities"));
        assertEquals(Map.of("Fn::GetAtt", List.of("TaskRole", "Arn")), task.get("TaskRoleArn"));
        Map<String, Object> container = map(task, "ContainerDefinitions", 0);
        assertEquals(Map.of("Ref", "ImageUri"), container.get("Image"));
        assertEquals(Boolean.TRUE, container.get("ReadonlyRootFilesystem"));
        assertFalse(String.valueOf(container.get("User")).matches("(root|0)(:.*)?"), "the container runs as a non-root user");
        assertEquals("awslogs", at(container, "LogConfiguration", "LogDriver"));
        assertEquals(Map.of("Ref", "LogGroup"), at(container, "LogConfiguration", "Options", "awslogs-group"));
        String command = (String) at(container, "Command", 0);
        assertTrue(command.contains("idaudit.jar run --config /tmp/idaudit.yaml") && command.contains("--out \"s3://$EVIDENCE_BUCKET/"), command);
    }

    @Test
    void weeklyAuditTokenArrivesAsASecretAndNothingSecretIsInTheEnvironment() throws IOException {
        Map<String, Object> container = map(cloudFormation("weekly-audit.yaml"), "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", 0);
        Map<String, Object> secret = map(container, "Secrets", 0);
        assertEquals("OKTA_API_TOKEN", secret.get("Name"));
        assertEquals(Map.of("Ref", "OktaTokenSecretArn"), secret.get("ValueFrom"));
        for (Object e : list(container, "Environment")) {
            String name = (String) at(e, "Name");
            assertFalse(SECRET_NAME.matcher(name).matches(), name + " looks secret and must be in Secrets, not Environment");
        }
        Map<String, Object> execution = map(cloudFormation("weekly-audit.yaml"), "Resources", "ExecutionRole", "Properties");
        Map<String, Object> read = map(execution, "Policies", 0, "PolicyDocument", "Statement", 0);
        assertEquals("secretsmanager:GetSecretValue", read.get("Action"));
        assertEquals(Map.of("Ref", "OktaTokenSecretArn"), read.get("Resource"), "the execution role reads that one secret only");
    }

    @Test
    void weeklyAuditConfigIsAValidIdauditConfigWithAndWithoutAnExternalId() throws IOException {
        Map<String, Object> container = map(cloudFormation("weekly-audit.yaml"), "Resources", "TaskDefinition", "Properties", "ContainerDefinitions", 0);
        Map<String, Object> configEnv = list(container, "Environment").stream().map(Templates::map)
                .filter(e -> "IDAUDIT_CONFIG_YAML".equals(e.get("Name"))).findFirst().orElseThrow();
        List<Object> choice = list(configEnv, "Value", "Fn::If");
        assertEquals("HasExternalId", choice.get(0));
        Map<String, String> parameters = Map.of("OktaOrgUrl", "https://acme.okta.com", "AWS::Region", "eu-west-1",
                "MemberRoleName", "IdAuditReadOnly", "MemberRoleExternalId", "idaudit-ext-1");
        IdAuditConfig with = loadConfig(substitute((String) at(choice.get(1), "Fn::Sub"), parameters));
        assertEquals("idaudit-ext-1", with.aws().memberRoleExternalId());
        assertEquals("eu-west-1", with.aws().region());
        IdAuditConfig without = loadConfig(substitute((String) at(choice.get(2), "Fn::Sub"), parameters));
        assertEquals(null, without.aws().memberRoleExternalId());
        assertEquals("https://acme.okta.com", without.okta().orgUrl().toString());
    }

    @Test
    void weeklyAuditTaskRoleReadsOnlyAndWritesOnlyToTheEvidenceBucket() throws IOException {
        Map<String, Object> t = cloudFormation("weekly-audit.yaml");
        List<Object> statements = taskRoleStatements(t);
        assertEquals(List.of(), writesOutsideTheEvidenceBucket(statements));

        Set<String> actions = statements.stream().flatMap(s -> oneOrMany(at(s, "Action")).stream()).map(String::valueOf).collect(Collectors.toSet());
        assertTrue(actions.containsAll(List.of("organizations:ListAccountsForParent", "organizations:DescribeOrganization",
                "sso:ListInstances", "sso:DescribePermissionSet", "sso:GetInlinePolicyForPermissionSet",
                "identitystore:ListUsers", "identitystore:ListGroupMemberships", "iam:GetAccountAuthorizationDetails", "iam:ListSAMLProviders",
                "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListOrganizationsFeatures", "cloudtrail:DescribeTrails",
                "sts:AssumeRole", "s3:PutObject")), actions.toString());

        // The check itself must catch what it is for: a write anywhere, or a bucket write elsewhere.
        List<Object> withCreateRole = Templates.deepCopy(statements);
        Templates.map(withCreateRole.get(0)).put("Action", List.of("organizations:List*", "iam:CreateRole"));
        assertEquals(List.of("iam:CreateRole is not a read"), writesOutsideTheEvidenceBucket(withCreateRole));
        List<Object> putAnywhere = Templates.deepCopy(statements);
        putAnywhere.add(Map.of("Effect", "Allow", "Action", "s3:PutObject", "Resource", "*"));
        assertEquals(List.of("s3:PutObject on * is outside the evidence bucket"), writesOutsideTheEvidenceBucket(putAnywhere));
    }

    @Test
    void weeklyAuditReferencesOnlyWhatItDeclares() throws IOException {
        assertEquals(List.of(), undeclaredReferences(cloudFormation("weekly-audit.yaml")));
    }

    // ---- AWS: the member role ---------------------------------------------------------------------

    @Test
    void memberRoleIsDeployedToEveryAccountByAServiceManagedStackSet() throws IOException {
        Map<String, Object> t = cloudFormation("member-role-stackset.yaml");
        assertEquals(List.of(), undeclaredReferences(t));
        Map<String, Object> stackSet = map(t, "Resources", "MemberRoleStackSet");
        assertEquals("AWS::CloudFormation::StackSet", stackSet.get("Type"));
        Map<String, Object> p = map(stackSet, "Properties");
        assertEquals("SERVICE_MANAGED", p.get("PermissionModel"));
        assertEquals(Boolean.TRUE, at(p, "AutoDeployment", "Enabled"));
        assertTrue(list(p, "Capabilities").contains("CAPABILITY_NAMED_IAM"));
        assertEquals(Map.of("Ref", "OrganizationalUnitIds"), at(p, "StackInstancesGroup", 0, "DeploymentTargets", "OrganizationalUnitIds"));
        assertEquals(AwsConfig.DEFAULT_MEMBER_ROLE, at(t, "Parameters", "MemberRoleName", "Default"), "the role idaudit assumes by default");

        // The defaults of the two stacks meet: the member role trusts the weekly task's role.
        Map<String, Object> weekly = cloudFormation("weekly-audit.yaml");
        assertEquals(at(weekly, "Resources", "TaskRole", "Properties", "RoleName"), at(t, "Parameters", "AuditTaskRoleName", "Default"));
        assertEquals(at(weekly, "Parameters", "MemberRoleName", "Default"), at(t, "Parameters", "MemberRoleName", "Default"));
    }

    @Test
    void memberRoleTemplateTrustsOnlyTheAuditRoleAndOnlyReads() throws IOException {
        Map<String, Object> outer = cloudFormation("member-role-stackset.yaml");
        Map<String, Object> p = map(outer, "Resources", "MemberRoleStackSet", "Properties");
        Map<String, Object> inner = Templates.cloudFormation((String) p.get("TemplateBody"));
        assertEquals(List.of(), undeclaredReferences(inner));

        Set<Object> passed = list(p, "Parameters").stream().map(x -> at(x, "ParameterKey")).collect(Collectors.toSet());
        assertEquals(map(inner, "Parameters").keySet(), passed, "the StackSet passes exactly the parameters its template declares");

        Map<String, Object> role = map(inner, "Resources", "ReadOnlyRole");
        assertEquals("AWS::IAM::Role", role.get("Type"));
        assertEquals(Map.of("Ref", "MemberRoleName"), at(role, "Properties", "RoleName"));
        Map<String, Object> trust = map(role, "Properties", "AssumeRolePolicyDocument", "Statement", 0);
        assertEquals("sts:AssumeRole", trust.get("Action"));
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AuditAccountId}:role/${AuditTaskRoleName}"), at(trust, "Principal", "AWS"),
                "trusted by the audit task's role only, not by the whole audit account");
        List<Object> externalId = list(trust, "Condition", "Fn::If");
        assertEquals("HasExternalId", externalId.get(0));
        assertEquals(Map.of("Ref", "ExternalId"), at(externalId.get(1), "StringEquals", "sts:ExternalId"));

        List<Object> statements = new ArrayList<>();
        for (Object policy : list(role, "Properties", "Policies")) {
            statements.addAll(list(policy, "PolicyDocument", "Statement"));
        }
        assertEquals(List.of(), writesOutsideTheEvidenceBucket(statements));
        assertTrue(statements.stream().flatMap(s -> oneOrMany(at(s, "Action")).stream()).noneMatch(a -> String.valueOf(a).startsWith("s3:")),
                "member accounts get no bucket access at all");
    }

    @Test
    void memberRoleTrustsTheAuditorsPermissionSetRoleOnlyWhenAnAccountIsGiven() throws IOException {
        Map<String, Object> outer = cloudFormation("member-role-stackset.yaml");
        assertEquals("", at(outer, "Parameters", "PermissionSetAccountId", "Default"), "off unless asked for");
        Map<String, Object> inner = Templates.cloudFormation((String) map(outer, "Resources", "MemberRoleStackSet", "Properties").get("TemplateBody"));
        Map<String, Object> role = map(inner, "Resources", "ReadOnlyRole");
        List<Object> ifTrusted = list(role, "Properties", "AssumeRolePolicyDocument", "Statement", 1, "Fn::If");
        assertEquals("TrustsPermissionSet", ifTrusted.get(0));
        assertEquals(Map.of("Ref", "AWS::NoValue"), ifTrusted.get(2), "without an account, the audit task role is the only principal");
        Object statement = ifTrusted.get(1);
        assertEquals("sts:AssumeRole", at(statement, "Action"));
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${PermissionSetAccountId}:root"), at(statement, "Principal", "AWS"));
        String pattern = ((String) at(statement, "Condition", "ArnLike", "aws:PrincipalArn", "Fn::Sub"))
                .replace("${AWS::Partition}", "aws").replace("${PermissionSetAccountId}", "111122223333")
                .replace("${PermissionSetName}", "IdAuditReadOnly");
        // ArnLike: * is any run of characters, ? one character, the rest literal.
        Pattern arnLike = Pattern.compile(
                java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
        // The two ARN forms of the user guide's "Referencing permission sets in resource policies": with and without a Region.
        assertTrue(arnLike.matcher("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_IdAuditReadOnly_1234567890abcdef").matches());
        assertTrue(arnLike.matcher("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_IdAuditReadOnly_1234567890abcdef").matches());
        assertFalse(arnLike.matcher("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_1234567890abcdef").matches(),
                "another permission set's role");
        assertFalse(arnLike.matcher("arn:aws:iam::111122223333:role/AWSReservedSSO_IdAuditReadOnly_1234567890abcdef").matches(),
                "a role outside Identity Center's reserved path");
        assertFalse(arnLike.matcher("arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_IdAuditReadOnly_1234567890abcdef").matches(),
                "the same permission set's role in another account");
    }

    // ---- GitHub Actions ---------------------------------------------------------------------------

    @Test
    void weeklyWorkflowRunsOnAScheduleWithOidcAndUploadsTheRun() throws IOException {
        Map<String, Object> w = Templates.yaml(DEPLOY.resolve("github-actions/idaudit-weekly.yml"));
        Map<String, Object> on = triggers(w);
        String cron = (String) at(on, "schedule", 0, "cron");
        assertTrue(CRON.matcher(cron).matches() && cron.endsWith(" * * 1"), "weekly: " + cron);
        assertTrue(on.containsKey("workflow_dispatch"));
        assertEquals("write", at(w, "permissions", "id-token"), "OIDC to AWS, no stored keys");

        List<Map<String, Object>> steps = steps(w, "audit");
        Map<String, Object> aws = step(steps, "aws-actions/configure-aws-credentials@");
        assertTrue(map(aws, "with").containsKey("role-to-assume"));
        assertFalse(map(aws, "with").containsKey("aws-access-key-id"), "no long-lived AWS keys");
        Map<String, Object> run = steps.stream().filter(s -> String.valueOf(s.get("run")).contains(" run --config")).findFirst().orElseThrow();
        String out = outOf((String) run.get("run"));
        Map<String, Object> upload = step(steps, "actions/upload-artifact@");
        assertEquals(out + "/", at(upload, "with", "path"), "the artifact is the directory the run wrote");
        assertTrue(String.valueOf(upload.get("if")).contains("always()"), "the evidence is uploaded even when the audit fails");
        assertNoSecretInlinedInAScript(steps);
    }

    @Test
    void gateWorkflowChecksPullRequestsAgainstTheBaselineAndUploadsSarif() throws IOException {
        Map<String, Object> w = Templates.yaml(DEPLOY.resolve("github-actions/idaudit-gate.yml"));
        assertTrue(triggers(w).containsKey("pull_request"));
        assertEquals("write", at(w, "permissions", "security-events"));

        List<Map<String, Object>> steps = steps(w, "gate");
        String run = steps.stream().map(s -> String.valueOf(s.get("run"))).filter(r -> r.contains(" run")).findFirst().orElseThrow();
        assertTrue(run.contains("--baseline ") && run.contains("--fail-on high"), run);

        Map<String, Object> upload = step(steps, "github/codeql-action/upload-sarif@");
        String sarif = (String) at(upload, "with", "sarif_file");
        assertTrue(steps.stream().anyMatch(s -> outOf(String.valueOf(s.get("run"))).equals(sarif)), "a step writes the SARIF file that is uploaded");
        assertTrue(String.valueOf(upload.get("if")).contains("always()"), "findings are uploaded also when the gate fails");
        assertNoSecretInlinedInAScript(steps);
    }

    // ---- docs ------------------------------------------------------------------------------------------

    @Test
    void operateGuideCoversEveryDeploymentFile() throws IOException {
        String guide = Files.readString(Path.of("docs/operate.md"));
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = f.toString().replace('\\', '/');
                assertTrue(guide.contains(rel), "docs/operate.md does not mention " + rel);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static final Set<String> BUCKET_WRITES = Set.of("s3:PutObject", "s3:PutObjectRetention");
    private static final Set<Object> EVIDENCE_BUCKET = Set.of(
            Map.of("Fn::GetAtt", List.of("EvidenceBucket", "Arn")), Map.of("Fn::Sub", "${EvidenceBucket.Arn}/*"));

    /**
     * What in these Allow statements is not a read: any action but List/Get/Describe (and IAM's
     * GenerateCredentialReport, which only asks for the report); sts:AssumeRole other than of the
     * member role; S3 outside the evidence bucket, where only PutObject(Retention) may write.
     */
    private static List<String> writesOutsideTheEvidenceBucket(List<Object> statements) {
        List<String> problems = new ArrayList<>();
        for (Object s : statements) {
            if (!"Allow".equals(at(s, "Effect"))) {
                continue;
            }
            List<Object> resources = oneOrMany(at(s, "Resource"));
            for (Object a : oneOrMany(at(s, "Action"))) {
                String action = String.valueOf(a);
                String operation = action.substring(action.indexOf(':') + 1);
                boolean read = action.contains(":") && (operation.startsWith("List") || operation.startsWith("Get")
                        || operation.startsWith("Describe") || action.equals("iam:GenerateCredentialReport"));
                if (action.startsWith("s3:")) {
                    if (!read && !BUCKET_WRITES.contains(action)) {
                        problems.add(action + " is not a read");
                    }
                    for (Object r : resources) {
                        if (!EVIDENCE_BUCKET.contains(r)) {
                            problems.add(action + " on " + r + " is outside the evidence bucket");
                        }
                    }
                } else if (action.equals("sts:AssumeRole")) {
                    if (!resources.equals(List.of(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}")))) {
                        problems.add("sts:AssumeRole of " + resources + " is not the member role");
                    }
                } else if (!read) {
                    problems.add(action + " is not a read");
                }
            }
        }
        return problems;
    }

    private static List<Object> taskRoleStatements(Map<String, Object> template) {
        List<Object> statements = new ArrayList<>();
        for (Object policy : list(template, "Resources", "TaskRole", "Properties", "Policies")) {
            statements.addAll(list(policy, "PolicyDocument", "Statement"));
        }
        return statements;
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    /** Ref, GetAtt, Sub variables and If conditions that name nothing the template declares. */
    private static List<String> undeclaredReferences(Map<String, Object> template) {
        Set<String> declared = new HashSet<>();
        declared.addAll(map(template, "Resources").keySet());
        if (template.containsKey("Parameters")) {
            declared.addAll(map(template, "Parameters").keySet());
        }
        Set<String> conditions = template.containsKey("Conditions") ? map(template, "Conditions").keySet() : Set.of();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> m : Templates.allMappings(template)) {
            if (m.size() != 1) {
                continue;
            }
            Map.Entry<String, Object> e = m.entrySet().iterator().next();
            List<String> names = new ArrayList<>();
            switch (e.getKey()) {
                case "Ref" -> names.add((String) e.getValue());
                case "Fn::GetAtt" -> names.add((String) oneOrMany(e.getValue()).get(0));
                case "Fn::Sub" -> {
                    List<Object> sub = oneOrMany(e.getValue());
                    Set<?> local = sub.size() > 1 ? Templates.map(sub.get(1)).keySet() : Set.of();
                    Matcher v = SUB_VARIABLE.matcher((String) sub.get(0));
                    while (v.find()) {
                        String name = v.group(1).split("\\.")[0];
                        if (!local.contains(name)) {
                            names.add(name);
                        }
                    }
                }
                case "Fn::If" -> {
                    String condition = (String) list(m, "Fn::If").get(0);
                    if (!conditions.contains(condition)) {
                        problems.add("condition " + condition);
                    }
                }
                default -> { }
            }
            for (String name : names) {
                if (!name.startsWith("AWS::") && !declared.contains(name)) {
                    problems.add(e.getKey() + " " + name);
                }
            }
        }
        return problems;
    }

    private static Map<String, Object> cloudFormation(String file) throws IOException {
        return Templates.cloudFormation(Files.readString(DEPLOY.resolve("aws").resolve(file), StandardCharsets.UTF_8));
    }

    private static Map<String, Map<String, Object>> kubernetesObjects() throws IOException {
        Map<String, Map<String, Object>> byKind = new java.util.HashMap<>();
        for (Object doc : Templates.yamlDocuments(DEPLOY.resolve("kubernetes/cronjob.yaml"))) {
            Map<String, Object> o = Templates.map(doc);
            assertTrue(o.containsKey("apiVersion") && o.containsKey("kind") && o.containsKey("metadata"), "a Kubernetes object: " + o.keySet());
            assertEquals(null, byKind.put((String) o.get("kind"), o), "one object of each kind");
        }
        return byKind;
    }

    private IdAuditConfig loadConfig(String yaml) throws IOException {
        Path file = tmp.resolve("idaudit.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of(ConfigLoader.DEFAULT_TOKEN_ENV, "test-token")::get).read(file);
    }

    private static String substitute(String sub, Map<String, String> values) {
        Matcher m = SUB_VARIABLE.matcher(sub);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            assertTrue(v != null, "no test value for ${" + m.group(1) + "}");
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    /** {@code on:}, which a YAML 1.1 reader such as SnakeYAML takes for the boolean true. */
    private static Map<String, Object> triggers(Map<String, Object> workflow) {
        Object on = workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(Boolean.TRUE);
        return Templates.map(on);
    }

    private static List<Map<String, Object>> steps(Map<String, Object> workflow, String job) {
        return list(workflow, "jobs", job, "steps").stream().map(Templates::map).toList();
    }

    private static Map<String, Object> step(List<Map<String, Object>> steps, String usesPrefix) {
        return steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith(usesPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no step uses " + usesPrefix));
    }

    /** The value after the last {@code --out} of a command line, or "" when there is none. */
    private static String outOf(String script) {
        String[] words = script.split("\\s+");
        for (int i = words.length - 2; i >= 0; i--) {
            if (words[i].equals("--out")) {
                return words[i + 1].replace("\"", "");
            }
        }
        return "";
    }

    /** Secrets reach scripts through env:, never spliced into the script text (where they could leak or inject). */
    private static void assertNoSecretInlinedInAScript(List<Map<String, Object>> steps) {
        for (Map<String, Object> s : steps) {
            assertFalse(String.valueOf(s.get("run")).contains("${{ secrets."), "step '" + s.get("name") + "' splices a secret into its script");
        }
    }
}
