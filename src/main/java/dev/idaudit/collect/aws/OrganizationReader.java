package dev.idaudit.collect.aws;

import static dev.idaudit.snapshot.Sections.AWS_ACCOUNTS;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATIONAL_UNITS;
import static dev.idaudit.snapshot.Sections.AWS_ORGANIZATION_ENABLED_FEATURES;
import static dev.idaudit.snapshot.Sections.AWS_SERVICE_CONTROL_POLICIES;
import static dev.idaudit.snapshot.Sections.AWS_TRAILS;

import dev.idaudit.snapshot.AwsSnapshot.Account;
import dev.idaudit.snapshot.AwsSnapshot.Organization;
import dev.idaudit.snapshot.AwsSnapshot.OrganizationalUnit;
import dev.idaudit.snapshot.AwsSnapshot.ServiceControlPolicy;
import dev.idaudit.snapshot.AwsSnapshot.Target;
import dev.idaudit.snapshot.AwsSnapshot.Trail;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.OrganizationNotInAllFeaturesModeException;
import software.amazon.awssdk.services.iam.model.ServiceAccessNotEnabledException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/** The organization seen from the management (or delegated admin) account: tree, accounts, SCPs, trails. */
final class OrganizationReader {
    /** An AWS Region name (us-east-1, us-gov-west-1, eu-central-2 ...). */
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2,}(-[a-z]+)+-\\d{1,2}");
    private final OrganizationsClient organizations;
    private final IamClient iam;
    private final CloudTrailClient cloudTrail;
    private final Calls calls;
    private final PageSizes pageSizes;

    OrganizationReader(OrganizationsClient organizations, IamClient iam, CloudTrailClient cloudTrail, Calls calls, PageSizes pageSizes) {
        this.organizations = organizations;
        this.iam = iam;
        this.cloudTrail = cloudTrail;
        this.calls = calls;
        this.pageSizes = pageSizes;
    }

    /** DescribeOrganization + iam ListOrganizationsFeatures; null when the organization cannot be read. */
    Organization organization() {
        var described = calls.get(AWS_ORGANIZATION, null, "organizations:DescribeOrganization",
                () -> organizations.describeOrganization().organization());
        if (described.isEmpty()) {
            return null;
        }
        var org = described.get();
        List<String> features = calls.get(AWS_ORGANIZATION_ENABLED_FEATURES, null, "iam:ListOrganizationsFeatures", () -> {
            try {
                return iam.listOrganizationsFeatures(r -> {}).enabledFeaturesAsStrings();
            } catch (ServiceAccessNotEnabledException | OrganizationNotInAllFeaturesModeException noneCanBeOn) {
                // IAM's trusted access is off (or the org lacks all features): then no feature is enabled.
                // That is a known empty list, not missing data.
                return List.<String>of();
            }
        }).orElse(List.of());
        return new Organization(org.id(), org.arn(), org.featureSetAsString(), managementAccountId(org),
                org.masterAccountEmail(), features);
    }

    /**
     * MasterAccountId, else the account id that ends MasterAccountArn
     * (arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111): botocore's own
     * DescribeOrganization example answers the ARN without the id.
     */
    static String managementAccountId(software.amazon.awssdk.services.organizations.model.Organization org) {
        if (org.masterAccountId() != null) {
            return org.masterAccountId();
        }
        String arn = org.masterAccountArn();
        if (arn == null || !arn.contains(":account/")) {
            return null;
        }
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        return id.matches("\\d{12}") ? id : null;
    }

    /** The OUs and accounts, found by walking the tree from the root (fewer calls than ListParents per account). */
    record Tree(List<OrganizationalUnit> organizationalUnits, List<Account> accounts, boolean accountsComplete) {}

    Tree tree() {
        List<OrganizationalUnit> units = new ArrayList<>();
        List<Account> accounts = new ArrayList<>();
        // Without the root, neither the OUs nor the accounts can be read: the failure concerns both.
        var roots = calls.pagesOrEmpty(List.of(AWS_ORGANIZATIONAL_UNITS, AWS_ACCOUNTS), null, "organizations:ListRoots",
                "roots", () -> organizations.listRootsPaginator(r -> r.maxResults(pageSizes.organizations())),
                p -> p.roots());
        if (roots.isEmpty()) {
            return new Tree(List.of(), List.of(), false);
        }
        boolean accountsComplete = true;
        Deque<Parent> toVisit = new ArrayDeque<>();
        roots.get().forEach(root -> toVisit.add(new Parent(root.id(), root.name())));
        while (!toVisit.isEmpty()) {
            Parent parent = toVisit.poll();
            var childrenRead = calls.listed(AWS_ORGANIZATIONAL_UNITS, null, "organizations:ListOrganizationalUnitsForParent",
                    "organizationalUnits",
                    () -> organizations.listOrganizationalUnitsForParentPaginator(
                            r -> r.parentId(parent.id()).maxResults(pageSizes.organizations())),
                    p -> p.organizationalUnits());
            // The accounts of an OU that was not listed are not listed either.
            accountsComplete &= childrenRead.complete();
            calls.inherit(AWS_ACCOUNTS, childrenRead.gaps(), "accounts are listed per organizational unit, for the units listed");
            for (var ou : childrenRead.items()) {
                String path = parent.path() + "/" + ou.name();
                units.add(new OrganizationalUnit(ou.id(), ou.arn(), ou.name(), parent.id(), path));
                toVisit.add(new Parent(ou.id(), path));
            }
            var here = calls.get(AWS_ACCOUNTS, null, "organizations:ListAccountsForParent", () -> {
                List<Account> read = new ArrayList<>();
                for (var page : organizations.listAccountsForParentPaginator(
                        r -> r.parentId(parent.id()).maxResults(pageSizes.organizations()))) {
                    calls.items("accounts", page.accounts().size());
                    for (var a : page.accounts()) {
                        String state = a.stateAsString() != null ? a.stateAsString() : a.statusAsString();
                        read.add(new Account(a.id(), a.arn(), a.name(), a.email(), state, parent.id(), parent.path(),
                                a.joinedTimestamp()));
                    }
                }
                return read;
            });
            here.ifPresent(accounts::addAll);
            accountsComplete &= here.isPresent();
        }
        return new Tree(units, accounts, accountsComplete);
    }

    private record Parent(String id, String path) {}

    /** ListPolicies(SERVICE_CONTROL_POLICY), then DescribePolicy and ListTargetsForPolicy for each. */
    List<ServiceControlPolicy> serviceControlPolicies() {
        var summaries = calls.pages(AWS_SERVICE_CONTROL_POLICIES, null, "organizations:ListPolicies", "serviceControlPolicies",
                () -> organizations.listPoliciesPaginator(
                        r -> r.filter(PolicyType.SERVICE_CONTROL_POLICY).maxResults(pageSizes.organizations())),
                p -> p.policies());
        List<ServiceControlPolicy> policies = new ArrayList<>();
        for (var summary : summaries) {
            String content = calls.get(AWS_SERVICE_CONTROL_POLICIES, null, "organizations:DescribePolicy",
                    () -> organizations.describePolicy(r -> r.policyId(summary.id())).policy().content()).orElse(null);
            List<Target> targets = calls.pages(AWS_SERVICE_CONTROL_POLICIES, null, "organizations:ListTargetsForPolicy",
                    "policyTargets",
                    () -> organizations.listTargetsForPolicyPaginator(
                            r -> r.policyId(summary.id()).maxResults(pageSizes.organizations())),
                    p -> p.targets().stream().map(t -> new Target(t.targetId(), t.typeAsString(), t.name())).toList());
            policies.add(new ServiceControlPolicy(summary.id(), summary.arn(), summary.name(), summary.description(),
                    Boolean.TRUE.equals(summary.awsManaged()), content, targets));
        }
        return policies;
    }

    /**
     * The trails of the caller's account, wherever they are homed, each with its status.
     * DescribeTrails answers for the Region it is called in ("Retrieves settings for one or more
     * trails associated with the current Region"): the trails homed there, and shadow trails, the
     * replication of a multi-Region trail homed elsewhere (and, in a member account, of the
     * organization trails). A single-Region trail homed in another Region is not there at all, so
     * ListTrails ("trails in the current account", each with its HomeRegion) names the rest, and
     * those are described and their status read in their home Region, by ARN. A shadow trail's
     * status is read by its ARN (GetTrailStatus: "To get the status of a shadow trail ... you must
     * specify its ARN").
     *
     * @param region the Region {@link #cloudTrail} answers for
     * @param clientIn a CloudTrail client for another Region; the reader closes what it gets
     */
    List<Trail> trails(String region, Function<String, CloudTrailClient> clientIn) {
        var described = calls.get(AWS_TRAILS, null, "cloudtrail:DescribeTrails",
                () -> cloudTrail.describeTrails(r -> r.includeShadowTrails(true)).trailList()).orElse(List.of());
        calls.items("trails", described.size());
        Map<String, Trail> trails = new LinkedHashMap<>();
        for (var t : described) {
            trails.putIfAbsent(t.trailARN() != null ? t.trailARN() : t.name(), trail(cloudTrail, t));
        }
        var listed = calls.pages(AWS_TRAILS, null, "cloudtrail:ListTrails", "trail names",
                () -> cloudTrail.listTrailsPaginator(r -> {}), p -> p.trails());
        Map<String, List<String>> homedElsewhere = new TreeMap<>();
        for (var info : listed) {
            if (info.trailARN() == null || trails.containsKey(info.trailARN()) || region.equals(info.homeRegion())) {
                continue;
            }
            if (info.homeRegion() == null || !REGION_NAME.matcher(info.homeRegion()).matches()) {
                // A client for it would sign for, and without an endpoint override connect to, a host named after it.
                calls.issue(AWS_TRAILS, null, "cloudtrail:ListTrails", "InvalidHomeRegion", "ListTrails names " + info.trailARN()
                        + " with the home Region " + info.homeRegion() + ", which is not a Region name; the trail was not read");
                continue;
            }
            homedElsewhere.computeIfAbsent(info.homeRegion(), k -> new ArrayList<>()).add(info.trailARN());
        }
        homedElsewhere.forEach((homeRegion, arns) -> {
            try (CloudTrailClient home = clientIn.apply(homeRegion)) {
                var there = calls.get(AWS_TRAILS, null, "cloudtrail:DescribeTrails",
                        () -> home.describeTrails(r -> r.trailNameList(arns).includeShadowTrails(false)).trailList());
                there.ifPresent(found -> {
                    calls.items("trails", found.size());
                    found.forEach(t -> trails.putIfAbsent(t.trailARN() != null ? t.trailARN() : t.name(), trail(home, t)));
                    arns.stream().filter(arn -> !trails.containsKey(arn)).forEach(arn -> calls.issue(AWS_TRAILS, null,
                            "cloudtrail:DescribeTrails", "TrailNotDescribed", "ListTrails names " + arn + " (home Region "
                                    + homeRegion + "), but DescribeTrails there did not describe it"));
                });
            }
        });
        return List.copyOf(trails.values());
    }

    /** The trail as described, with its status read by ARN from the client that described it. */
    private Trail trail(CloudTrailClient client, software.amazon.awssdk.services.cloudtrail.model.Trail t) {
        Boolean logging = calls.get(AWS_TRAILS, null, "cloudtrail:GetTrailStatus",
                () -> client.getTrailStatus(r -> r.name(t.trailARN() != null ? t.trailARN() : t.name())).isLogging()).orElse(null);
        return new Trail(t.name(), t.trailARN(), t.homeRegion(), Boolean.TRUE.equals(t.isOrganizationTrail()),
                Boolean.TRUE.equals(t.isMultiRegionTrail()), logging);
    }
}
