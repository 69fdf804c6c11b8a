package dev.idaudit.collect.aws;

import static dev.idaudit.snapshot.Sections.AWS_IDC_INSTANCES;
import static dev.idaudit.snapshot.Sections.AWS_MEMBER_ACCOUNTS;

import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Pacer;
import dev.idaudit.collect.Progress;
import dev.idaudit.collect.RetryAfterWait;
import dev.idaudit.config.AwsConfig;
import dev.idaudit.config.Secret;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.IdentityCenter;
import dev.idaudit.snapshot.AwsSnapshot.Instance;
import dev.idaudit.snapshot.AwsSnapshot.MemberAccount;
import dev.idaudit.snapshot.AwsSnapshot.Organization;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.util.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Reads one AWS Organization, its IAM Identity Center and its member accounts into an
 * {@link AwsSnapshot}, through the AWS SDK for Java v2.
 *
 * <p>The organization and Identity Center are read with the caller's credentials (the management
 * account or a delegated administrator); each member account through the role
 * {@link AwsConfig#memberRoleName()}, assumed with those credentials. A call that fails becomes a
 * collection issue and the rest is still read; an account whose role cannot be assumed is one
 * issue and the other accounts are still read. Lists are read with the SDK's paginators at the
 * largest page size each API allows, and assignments are listed only for the accounts each
 * permission set is provisioned to, not for every account and permission set (or per principal,
 * when the caller is in the management account and the Identity Store is small enough that this
 * costs fewer calls). Trails are found wherever they are homed (see {@link OrganizationReader#trails}).
 *
 * <p>Every attempt waits for its slot in its rate-limit bucket ({@link #DOCUMENTED_RATES}, paced
 * by a {@link Pacer}); what is still throttled or fails transiently is retried by the SDK with
 * jittered backoff ({@link ClientFactory}). Identity Center and the member accounts are read side
 * by side, each with a bounded number of calls in flight.
 *
 * <p>Progress reports every HTTP attempt under "aws" (caller's credentials) or
 * "aws:&lt;account id&gt;" (inside a member account), and the items of every page.
 */
public final class AwsCollector {
    private static final String SOURCE = "aws";
    private static final String ROLE_SESSION_NAME = "idaudit";
    /**
     * Member accounts are read this many at a time: their calls are independent and mostly
     * waiting, and IAM throttles each account on its own, so only STS's bucket is shared.
     */
    private static final int MEMBER_ACCOUNT_THREADS = 16;
    /** An attempt that has had no answer for this long is given up and retried: a hung connection costs no more. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** Identity Center reads this many calls at a time: enough to keep its 20 TPS bucket busy. */
    private static final int IDENTITY_CENTER_THREADS = 8;

    /**
     * Calls per second per bucket: Identity Center's documented 20 TPS (sso-admin and
     * identitystore together); Organizations, IAM (per account) and CloudTrail publish no fixed
     * read rate, so these are conservative; STS allows far more than an audit needs.
     */
    public static final Map<String, Double> DOCUMENTED_RATES = Map.of(
            "identity-center", 20.0, "organizations", 10.0, "iam", 20.0, "sts", 100.0, "cloudtrail", 10.0);

    private final AwsConfig config;
    private final AwsCredentialsProvider credentials;
    private final Progress progress;
    private final Issues issues;
    private PageSizes pageSizes = PageSizes.LARGEST;
    private Pacer pacer = documentedPacer(1);
    private Duration retryAfterCap = RetryAfterWait.CAP;

    private volatile String callerArn;
    private volatile String managementAccountId;
    private volatile String region;

    /**
     * Credentials from the SDK's default chain (environment, web identity, the shared config and
     * credentials files including SSO profiles made by {@code aws configure sso}, container and
     * instance roles), or only from {@link AwsConfig#profile()} when one is named.
     */
    public AwsCollector(AwsConfig config, Progress progress, Issues issues) {
        this(config, defaultCredentials(config), progress, issues);
    }

    /** With the given credentials (tests and the sandbox pass static keys). */
    public AwsCollector(AwsConfig config, AwsCredentialsProvider credentials, Progress progress, Issues issues) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.issues = Objects.requireNonNull(issues, "issues");
    }

    /** With fixed keys, for callers that must not import the AWS SDK (the sandbox). */
    public static AwsCollector withStaticKeys(
            AwsConfig config, String accessKeyId, Secret secretAccessKey, Progress progress, Issues issues) {
        return new AwsCollector(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey.reveal())),
                progress, issues);
    }

    /** Asks for pages of at most {@code limit} items, so that tests page through every list. */
    AwsCollector pageSizeLimit(int limit) {
        this.pageSizes = new PageSizes(limit);
        return this;
    }

    /** Follows a server's Retry-After for at most {@code cap} instead of {@link RetryAfterWait#CAP}, so a test need not wait minutes. */
    AwsCollector retryAfterCap(Duration cap) {
        this.retryAfterCap = cap;
        return this;
    }

    /**
     * Paces calls at {@code scale} times the documented rates: 1 for AWS itself; the sandbox's
     * time scale when reading a time-scaled sandbox.
     */
    public AwsCollector rateScale(double scale) {
        this.pacer = documentedPacer(scale);
        return this;
    }

    static Pacer documentedPacer(double scale) {
        Map<String, Double> scaled = new LinkedHashMap<>();
        DOCUMENTED_RATES.forEach((bucket, rate) -> scaled.put(bucket, rate * scale));
        return new Pacer(scaled, 10 * scale);
    }

    /**
     * Calls made per rate-limit bucket, every attempt counted: organizations, sts, cloudtrail,
     * and per account identity-center:&lt;account&gt; and iam:&lt;account&gt; ("caller" for the
     * caller's own account).
     */
    public Map<String, Integer> callsPerBucket() {
        return pacer.callsPerBucket();
    }

    /** The rate (calls per second) the collector paces a bucket at. */
    public double rate(String bucket) {
        return pacer.rate(bucket);
    }

    /** The caller's ARN (sts GetCallerIdentity), once {@link #collect()} has run. */
    public String callerArn() {
        return callerArn;
    }

    /** The organization's management account, once {@link #collect()} has run; null when the organization could not be read. */
    public String managementAccountId() {
        return managementAccountId;
    }

    /** The region the clients used, once {@link #collect()} has run. */
    public String region() {
        return region;
    }

    /**
     * Reads everything. Failures of single calls are in the {@link Issues} given to the constructor.
     *
     * @throws AwsCollectionException when the caller's identity cannot be read (no or bad credentials, no endpoint)
     * @throws BadInputException when no region is configured anywhere
     */
    public AwsSnapshot collect() {
        Region resolvedRegion = resolveRegion();
        region = resolvedRegion.id();
        ExecutorService identityCenterPool = pool(IDENTITY_CENTER_THREADS, "idaudit-aws-idc");
        ExecutorService identityCenterMain = pool(1, "idaudit-aws-idc-main");
        try (ClientFactory clients = new ClientFactory(resolvedRegion, config.endpointUrl(), progress, pacer, ATTEMPT_TIMEOUT)
                        .retryAfterCap(retryAfterCap);
             StsClient sts = clients.build(StsClient.builder(), credentials, SOURCE);
             OrganizationsClient organizations = clients.build(OrganizationsClient.builder(), credentials, SOURCE);
             IamClient iam = clients.build(IamClient.builder(), credentials, SOURCE);
             CloudTrailClient cloudTrail = clients.build(CloudTrailClient.builder(), credentials, SOURCE);
             SsoAdminClient ssoAdmin = clients.build(SsoAdminClient.builder(), credentials, SOURCE);
             IdentitystoreClient identityStore = clients.build(IdentitystoreClient.builder(), credentials, SOURCE)) {
            Calls calls = new Calls(issues, progress, SOURCE);
            var caller = callerIdentity(sts);
            callerArn = caller.arn();

            var orgReader = new OrganizationReader(organizations, iam, cloudTrail, calls, pageSizes);
            Organization organization = orgReader.organization();
            managementAccountId = organization == null ? null : organization.managementAccountId();
            var tree = orgReader.tree();
            var policies = orgReader.serviceControlPolicies();
            var trails = orgReader.trails(region,
                    homeRegion -> clients.build(CloudTrailClient.builder(), credentials, SOURCE, Region.of(homeRegion)));

            // Identity Center (one 20 TPS bucket) and the member accounts (IAM buckets of their own)
            // are read side by side: the collection then takes as long as the busier of the two.
            // The caller is in the management account when it is the organization's MasterAccountId;
            // when the organization could not be read, that is unknown, and only calls that any
            // Identity Center administrator may make are used.
            String managementCaller = caller.account() != null && caller.account().equals(managementAccountId) ? managementAccountId : null;
            var idc = new IdentityCenterReader(ssoAdmin, identityStore, calls, pageSizes, identityCenterPool, managementCaller);
            List<Instance> instances = IdentityCenterReader.instances(ssoAdmin, calls, pageSizes, null);
            CompletableFuture<Void> identityCenter = CompletableFuture.runAsync(() -> instances.forEach(idc::read), identityCenterMain);

            var members = readMemberAccounts(clients, sts, caller.account(), partition(caller.arn()), tree);
            if (!tree.accountsComplete()) {
                // Accounts are entered from the account list: those it missed were not read inside either.
                calls.inherit(AWS_MEMBER_ACCOUNTS, issues.gaps(Sections.AWS_ACCOUNTS), "member accounts are read for the accounts listed");
            }
            try {
                identityCenter.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            Map<String, Instance> allInstances = new LinkedHashMap<>();
            instances.forEach(i -> allInstances.put(i.instanceArn(), i));
            members.forEach(m -> m.instances().forEach(i -> allInstances.putIfAbsent(i.instanceArn(), i)));

            crossCheckReservedRoles(idc, members, calls);
            progress.done(SOURCE);
            return new AwsSnapshot(region, callerArn, organization, tree.accounts(), tree.organizationalUnits(), policies, trails,
                    new IdentityCenter(List.copyOf(allInstances.values()), idc.permissionSets, idc.assignments,
                            idc.provisioningRequests, idc.users, idc.groups, idc.groupMemberships),
                    members.stream().map(MemberResult::account).toList());
        } finally {
            identityCenterMain.shutdownNow();
            identityCenterPool.shutdownNow();
        }
    }

    /**
     * A reserved role exists while its permission set is provisioned to the account, i.e. while
     * an assignment there needs it. Assignments listed per principal cannot show those of a
     * principal deleted from the Identity Store, so a role with no assignment seen for its
     * (permission set, account) may be such an assignment rather than a role left behind: the
     * assignments of that pair are incomplete. (Listed per permission set and account, every
     * provisioned pair was asked, and a role without an assignment is one left behind.)
     */
    private static void crossCheckReservedRoles(IdentityCenterReader idc, List<MemberResult> members, Calls calls) {
        if (!idc.listedPerPrincipal) {
            return;
        }
        Map<String, String> arnByName = new LinkedHashMap<>();
        idc.permissionSets.stream().filter(p -> p.name() != null && p.arn() != null).forEach(p -> arnByName.put(p.name(), p.arn()));
        Set<String> seen = new java.util.HashSet<>();
        idc.assignments.forEach(a -> seen.add(a.permissionSetArn() + "|" + a.accountId()));
        for (MemberResult member : members) {
            String accountId = member.account().accountId();
            for (var role : member.account().reservedRoles()) {
                String arn = arnByName.get(role.permissionSetName());
                if (arn != null && !seen.contains(arn + "|" + accountId)) {
                    calls.issue(new CollectionIssue(Sections.AWS_IDC_ASSIGNMENTS, accountId, null,
                            "sso:ListAccountAssignmentsForPrincipal", CollectionIssue.MISSING_FROM_LIST,
                            "reserved role " + role.roleName() + " shows permission set " + role.permissionSetName()
                                    + " provisioned to " + accountId + ", but no assignment of it there was seen: assignments"
                                    + " listed per principal miss those of principals deleted from the Identity Store",
                            arn, Sections.AWS_MEMBER_ROLES, null));
                }
            }
        }
    }

    static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The default chain, or the named profile; an SSO profile ({@code aws configure sso}) is signed
     * in to here, so that an expired session is one clear error before anything is collected.
     */
    static AwsCredentialsProvider defaultCredentials(AwsConfig config) {
        if (config.profile() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return SsoSignIn.ssoProfile(config.profile()).<AwsCredentialsProvider>map(SsoSignIn::signIn)
                .orElseGet(() -> ProfileCredentialsProvider.builder().profileName(config.profile()).build());
    }

    private Region resolveRegion() {
        return resolveRegion(config);
    }

    /** The configured region, else the SDK's region chain (AWS_REGION, the profile). */
    static Region resolveRegion(AwsConfig config) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().profileName(config.profile()).build().getRegion();
        } catch (SdkException e) {
            throw new BadInputException("no AWS region: set aws.region in the config file, or AWS_REGION, or a region in the profile");
        }
    }

    static GetCallerIdentityResponse callerIdentity(StsClient sts) {
        try {
            return sts.getCallerIdentity();
        } catch (SdkException e) {
            throw new AwsCollectionException("cannot read AWS as any identity: sts:GetCallerIdentity failed: "
                    + Calls.errorCode(e) + ": " + Calls.message(e), e);
        }
    }

    /** arn:PARTITION:sts::ACCOUNT:assumed-role/... */
    static String partition(String arn) {
        String[] parts = arn.split(":", 3);
        return parts.length > 1 && !parts[1].isEmpty() ? parts[1] : "aws";
    }

    private record MemberResult(MemberAccount account, List<Instance> instances) {}

    /** Reads the accounts {@link #accountsToEnter} names, a few at a time. */
    private List<MemberResult> readMemberAccounts(
            ClientFactory clients, StsClient sts, String callerAccount, String partition, OrganizationReader.Tree tree) {
        List<String> readable = accountsToEnter(config, tree);
        if (readable.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = pool(Math.min(MEMBER_ACCOUNT_THREADS, readable.size()), "idaudit-aws-member");
        try {
            List<Future<MemberResult>> futures = new ArrayList<>();
            for (String id : readable) {
                futures.add(pool.submit(() -> readMemberAccount(clients, sts, callerAccount, partition, id)));
            }
            List<MemberResult> results = new ArrayList<>();
            for (Future<MemberResult> future : futures) {
                MemberResult result = future.get();
                if (result != null) {
                    results.add(result);
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading member accounts", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The accounts of the organization that the config selects and that can be entered; when the
     * account list could not be read completely, the accounts the config names are tried as well.
     */
    static List<String> accountsToEnter(AwsConfig config, OrganizationReader.Tree tree) {
        Map<String, String> stateById = new LinkedHashMap<>();
        for (Account account : tree.accounts()) {
            // An account answered without its id cannot be entered; the collection leaves it out with an issue.
            if (account.id() != null) {
                stateById.put(account.id(), account.state());
            }
        }
        Set<String> selected = new LinkedHashSet<>();
        for (String id : stateById.keySet()) {
            if (config.accountSelected(id)) {
                selected.add(id);
            }
        }
        if (!tree.accountsComplete()) {
            config.includeAccounts().stream().filter(config::accountSelected).forEach(selected::add);
        }
        List<String> readable = new ArrayList<>();
        for (String id : selected) {
            String state = stateById.get(id);
            // A suspended or closing account cannot be signed in to, by anyone: there is nothing inside
            // it to audit, and trying would only fail. Its state is in the snapshot's accounts, which is
            // where the rules look (idc_assignment_account_active), so leaving it out loses nothing.
            if (state == null || state.equals("ACTIVE")) {
                readable.add(id);
            }
        }
        return readable;
    }

    /** The member role of {@code accountId}, assumed with the caller's STS client when first asked for credentials. */
    static StsAssumeRoleCredentialsProvider memberRole(StsClient sts, AwsConfig config, String partition, String accountId) {
        String roleArn = memberRoleArn(partition, accountId, config.memberRoleName());
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(ROLE_SESSION_NAME).externalId(config.memberRoleExternalId()))
                .build();
    }

    static String memberRoleArn(String partition, String accountId, String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    /** One account, or null when its role could not be assumed (the issue is recorded). */
    private MemberResult readMemberAccount(ClientFactory clients, StsClient sts, String callerAccount, String partition, String accountId) {
        String source = SOURCE + ":" + accountId;
        Calls calls = new Calls(issues, progress, source);
        StsAssumeRoleCredentialsProvider assumed = null;
        try {
            AwsCredentialsProvider accountCredentials;
            if (accountId.equals(callerAccount)) {
                // The caller's own account (usually the management account) needs no role: StackSets
                // do not deploy one there, and the caller can already read it.
                accountCredentials = credentials;
            } else {
                assumed = memberRole(sts, config, partition, accountId);
                var provider = assumed;
                if (calls.get(AWS_MEMBER_ACCOUNTS, accountId, "sts:AssumeRole", provider::resolveCredentials).isEmpty()) {
                    // Account instances are listed from inside their account only: the instance
                    // list inherits this gap, so an instance it lacks is not collected, not gone.
                    String error = issues.list().stream().filter(i -> accountId.equals(i.accountId()) && "sts:AssumeRole".equals(i.api()))
                            .map(dev.idaudit.snapshot.CollectionIssue::error).reduce((a, b) -> b).orElse("unknown");
                    issues.add(AWS_IDC_INSTANCES, accountId, "sts:AssumeRole", error,
                            "the member role could not be assumed, so this account's own Identity Center instances were not listed");
                    return null;
                }
                accountCredentials = assumed;
            }
            try (IamClient iam = clients.build(IamClient.builder(), accountCredentials, source);
                 SsoAdminClient ssoAdmin = clients.build(SsoAdminClient.builder(), accountCredentials, source)) {
                var reader = new MemberAccountReader(accountId, iam, ssoAdmin, calls, pageSizes);
                MemberAccount account = reader.read();
                // The caller's own instances were listed already, with the organization's.
                List<Instance> instances = accountId.equals(callerAccount) ? List.of() : reader.instances();
                return new MemberResult(account, instances);
            }
        } finally {
            if (assumed != null) {
                assumed.close();
            }
            progress.done(source);
        }
    }
}
