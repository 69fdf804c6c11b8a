package dev.idaudit.collect.okta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.okta.sdk.resource.api.ApplicationApi;
import com.okta.sdk.resource.api.ApplicationConnectionsApi;
import com.okta.sdk.resource.api.ApplicationFeaturesApi;
import com.okta.sdk.resource.api.ApplicationGroupsApi;
import com.okta.sdk.resource.api.ApplicationSsoCredentialKeyApi;
import com.okta.sdk.resource.api.GroupApi;
import com.okta.sdk.resource.api.PolicyApi;
import com.okta.sdk.resource.client.ApiClient;
import com.okta.sdk.resource.client.ApiException;
import com.okta.sdk.resource.client.Pair;
import com.okta.sdk.resource.model.AppUser;
import com.okta.sdk.resource.model.Application;
import com.okta.sdk.resource.model.ApplicationFeature;
import com.okta.sdk.resource.model.ApplicationGroupAssignment;
import com.okta.sdk.resource.model.CapabilitiesObject;
import com.okta.sdk.resource.model.Group;
import com.okta.sdk.resource.model.JsonWebKey;
import com.okta.sdk.resource.model.Policy;
import com.okta.sdk.resource.model.ProvisioningConnectionResponse;
import com.okta.sdk.resource.model.User;
import com.okta.sdk.resource.model.UserProvisioningApplicationFeature;
import dev.idaudit.collect.Issues;
import dev.idaudit.collect.Progress;
import dev.idaudit.config.OktaConfig;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.RequiredComponents;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads one Okta org through okta-sdk-java 24 into an {@link OktaSnapshot}: users, groups, apps,
 * and every {@code amazon_aws_sso} app (AWS IAM Identity Center) with its app users, app groups,
 * provisioning features, default connection, group-push mappings, signing keys and access policy.
 *
 * <p>Every list is read to its end by following the {@code Link: rel="next"} cursor (the SDK
 * returns one page per call). A call that fails becomes a collection issue for its section (and
 * app) and the rest is still collected; only rejected credentials (401) stop the collection, with
 * a {@link BadInputException} that never contains the token or key. Not thread-safe: one
 * collector reads one org once.
 *
 * <p>Every call goes through Okta's rate limits ({@link OktaRateLimiter}): a bucket spent
 * according to {@code X-Rate-Limit-Remaining} is waited out until its Reset, a 429 is followed by
 * waiting until its Reset and the same call again, and server errors, dropped connections and
 * unreadable answers are retried with capped, jittered backoff before they become an issue. A
 * failed answer's Retry-After holds its bucket until then (capped), on top of all that.
 * The calls are made one at a time: Okta's buckets, not its 75 concurrent requests, bound a
 * read, and the Okta side is read beside the AWS side, whose Identity Center bucket is slower.
 */
public final class OktaCollector {

    /** The progress source name. */
    public static final String SOURCE = "okta";
    /** Okta's name of the AWS IAM Identity Center app. */
    public static final String AWS_APP_NAME = "amazon_aws_sso";
    /** The page size asked for; Okta (and the sandbox) may answer with fewer. */
    static final int PAGE_LIMIT = 200;

    private static final String[] AUTH_NAMES = {"apiToken", "oauth2"};
    /** Attempts of a call that fails with a server error or no answer. */
    static final int MAX_ATTEMPTS = 6;
    /** 429s one call may meet before it gives up. */
    static final int MAX_RATE_LIMITED = 20;
    private static final long BASE_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** No status (connection dropped, answer unreadable) and the server errors worth another try. */
    private static final Set<Integer> RETRIED_STATUSES = Set.of(0, 200, 500, 502, 503, 504);

    private final OktaRateLimiter limiter = new OktaRateLimiter(System::currentTimeMillis);

    private final OktaConfig config;
    private final Progress progress;
    private final Issues issues;
    private ApiClient client;
    /** Lists of the section being read that stopped at a repeated cursor: recorded with that section's scope. */
    private List<Stop> stops = new ArrayList<>();

    private record Stop(String message, int pagesRead) {}

    public OktaCollector(OktaConfig config, Progress progress, Issues issues) {
        this.config = config;
        this.progress = progress;
        this.issues = issues;
    }

    /**
     * @throws BadInputException when the org URL is not acceptable or Okta rejects the credentials
     */
    public OktaSnapshot collect() {
        client = OktaClients.build(config);
        try {
            List<OktaSnapshot.User> users = section(Sections.OKTA_USERS, null, "GET /api/v1/users", this::users, List.of());
            List<OktaSnapshot.Group> groups = section(Sections.OKTA_GROUPS, null, "GET /api/v1/groups", this::groups, List.of());
            List<OktaSnapshot.App> apps = section(Sections.OKTA_APPS, null, "GET /api/v1/apps", this::apps, List.of());
            List<OktaSnapshot.AwsApp> awsApps = section(Sections.OKTA_AWS_APP, null,
                    "GET /api/v1/apps?filter=name eq \"" + AWS_APP_NAME + "\"", () -> awsApps(groups), List.of());
            List<OktaSnapshot.GroupMembers> members = groupMembers(awsApps);
            crossCheck(users, groups, members, awsApps);
            return new OktaSnapshot(config.orgUrl().toString(), users, groups, members, apps, awsApps);
        } finally {
            progress.done(SOURCE);
            OktaClients.close(client);
        }
    }

    // ---------------------------------------------------------------- sections

    /** Active and other users, then the DEPROVISIONED ones, which Okta leaves out unless a filter asks. */
    private List<OktaSnapshot.User> users() {
        Map<String, OktaSnapshot.User> byId = new LinkedHashMap<>();
        rawList("users", "users", "/api/v1/users", Map.of()).forEach(u -> byId.put(text(u, "id"), user(u)));
        rawList("users", "users", "/api/v1/users", Map.of("filter", "status eq \"DEPROVISIONED\""))
                .forEach(u -> byId.putIfAbsent(text(u, "id"), user(u)));
        return List.copyOf(byId.values());
    }

    private List<OktaSnapshot.Group> groups() {
        GroupApi api = new GroupApi(client);
        return readAll("groups", "groups", after -> api.listGroups(null, null, after, PAGE_LIMIT, null, null, null, null)).stream()
                .map(g -> new OktaSnapshot.Group(g.getId(),
                        g.getProfile() == null ? null : g.getProfile().getName(),
                        g.getProfile() == null ? null : g.getProfile().getDescription(),
                        g.getType() == null ? null : g.getType().getValue()))
                .toList();
    }

    private List<OktaSnapshot.App> apps() {
        ApplicationApi api = new ApplicationApi(client);
        return readAll("apps", "apps", after -> api.listApplications(null, after, null, PAGE_LIMIT, null, null, null)).stream()
                .map(a -> new OktaSnapshot.App(a.getId(), appName(a), a.getLabel(), value(a.getStatus()), value(a.getSignOnMode())))
                .toList();
    }

    /**
     * The org's amazon_aws_sso apps, read raw (see {@link #rawList}) so that the app object's
     * {@code features}, which the SDK would turn into UNKNOWN_DEFAULT_OPEN_API where it does not
     * know a value, reach the snapshot as Okta spelled them.
     */
    private List<OktaSnapshot.AwsApp> awsApps(List<OktaSnapshot.Group> groups) {
        ApplicationApi api = new ApplicationApi(client);
        String filter = "name eq \"" + AWS_APP_NAME + "\"";
        List<JsonNode> found = rawList("apps", "apps", "/api/v1/apps", Map.of("filter", filter));
        if (config.appId() != null && found.stream().noneMatch(a -> config.appId().equals(text(a, "id")))) {
            // The configured app is not among the org's amazon_aws_sso apps: say what it is instead.
            Application configured = section(Sections.OKTA_AWS_APP, config.appId(), "GET /api/v1/apps/" + config.appId(),
                    () -> readOne("apps", "apps", () -> api.getApplication(config.appId(), null)), null);
            if (configured != null) {
                issues.addForApp(Sections.OKTA_AWS_APP, config.appId(), "GET /api/v1/apps/" + config.appId(), "NotAwsApp",
                        "the configured appId " + config.appId() + " is the app '" + appName(configured) + "', not "
                                + AWS_APP_NAME);
            }
        }
        Map<String, String> groupNames = new HashMap<>();
        groups.forEach(g -> groupNames.putIfAbsent(g.id(), g.name()));
        return found.stream().map(a -> awsApp(a, groupNames)).toList();
    }

    private OktaSnapshot.AwsApp awsApp(JsonNode app, Map<String, String> groupNames) {
        String id = text(app, "id");
        String base = "GET /api/v1/apps/" + id;
        List<OktaSnapshot.AppUser> users = section(Sections.OKTA_AWS_APP_USERS, id, base + "/users", () -> appUsers(id), List.of());
        List<OktaSnapshot.AppGroup> groups = section(Sections.OKTA_AWS_APP_GROUPS, id, base + "/groups", () -> appGroups(id), List.of());
        String[] featuresRefused = {null};
        List<OktaSnapshot.Feature> features = section(Sections.OKTA_AWS_APP_FEATURES, id, base + "/features",
                () -> features(id, featuresRefused), List.of());
        OktaSnapshot.Connection connection = section(Sections.OKTA_AWS_APP_DEFAULT_CONNECTION, id, base + "/connections/default",
                () -> defaultConnection(id), null);
        List<OktaSnapshot.PushMapping> pushMappings = section(Sections.OKTA_AWS_APP_PUSH_MAPPINGS, id,
                base + "/group-push/mappings", () -> pushMappings(id), List.<OktaSnapshot.PushMapping>of()).stream()
                .map(m -> withTargetName(id, m, groupNames)).toList();
        List<OktaSnapshot.SigningKey> keys = section(Sections.OKTA_AWS_APP_SIGNING_KEYS, id, base + "/credentials/keys",
                () -> signingKeys(id), List.of());
        String policyId = accessPolicyId(app);
        OktaSnapshot.AccessPolicy policy = policyId == null ? null : section(Sections.OKTA_AWS_APP_ACCESS_POLICY, id,
                "GET /api/v1/policies/" + policyId, () -> accessPolicy(policyId), null);
        return new OktaSnapshot.AwsApp(id, text(app, "name"), text(app, "label"), text(app, "status"), users, groups, features,
                connection, pushMappings, keys, policy, appFeatures(app), featuresRefused[0],
                text(app.path("credentials").path("signing"), "kid"), userNameTemplate(app));
    }

    /** The app object's read-only {@code features} ("Enabled app features"); null when it carried no list. */
    private static List<String> appFeatures(JsonNode app) {
        JsonNode features = app.get("features");
        if (features == null || !features.isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        features.forEach(f -> {
            if (f.isTextual()) {
                names.add(f.asText());
            }
        });
        return names;
    }

    /**
     * The mapping with the name of its target: an Okta group of type APP_GROUP that stands for the
     * group in the app (spec: GroupPushMapping, {@code _links.targetGroup}). Read from the groups
     * list, else with {@code GET /api/v1/groups/{id}}; a failed read is an issue of the app's push
     * mappings, whose targets are then not known.
     */
    private OktaSnapshot.PushMapping withTargetName(String appId, OktaSnapshot.PushMapping m, Map<String, String> groupNames) {
        String target = m.targetGroupId();
        if (target == null || m.targetGroupName() != null) {
            return m;
        }
        String name = groupNames.get(target);
        if (name == null) {
            GroupApi api = new GroupApi(client);
            name = section(Sections.OKTA_AWS_APP_PUSH_MAPPINGS, appId, "GET /api/v1/groups/" + target, () -> {
                Group g = readOne("group", "groups", () -> api.getGroup(target));
                return g.getProfile() == null ? null : g.getProfile().getName();
            }, null);
            groupNames.put(target, name);
        }
        return new OktaSnapshot.PushMapping(m.id(), m.sourceGroupId(), target, m.status(), m.errorSummary(), m.lastPush(),
                m.lastUpdated(), name);
    }

    /** {@code credentials.userNameTemplate.template} of the app, or null when it has none. */
    private static String userNameTemplate(JsonNode app) {
        return text(app.path("credentials").path("userNameTemplate"), "template");
    }

    private List<OktaSnapshot.AppUser> appUsers(String appId) {
        return rawList("apps", "app users", "/api/v1/apps/" + client.escapeString(appId) + "/users", Map.of()).stream()
                .map(this::appUser)
                .toList();
    }

    private List<OktaSnapshot.AppGroup> appGroups(String appId) {
        ApplicationGroupsApi api = new ApplicationGroupsApi(client);
        List<ApplicationGroupAssignment> assignments =
                readAll("apps", "app groups", after -> api.listApplicationGroupAssignments(appId, null, after, PAGE_LIMIT, null));
        return assignments.stream().map(g -> new OktaSnapshot.AppGroup(g.getId(), g.getPriority())).toList();
    }

    /**
     * /features, which Okta serves only for a few apps (the Application Features tag: Google
     * Workspace, Office 365, Org2Org, Slack, Zoom, Zscaler 2.0) and refuses for the others with
     * 400 E0000001 ("Provisioning is not enabled for the app instance"). That documented refusal
     * is a fact about the app, kept in {@code refused[0]}, not a failed collection.
     */
    private List<OktaSnapshot.Feature> features(String appId, String[] refused) {
        ApplicationFeaturesApi api = new ApplicationFeaturesApi(client);
        try {
            List<ApplicationFeature> features = readOne("apps", "features", () -> api.listFeaturesForApplication(appId));
            return features.stream().map(OktaCollector::feature).toList();
        } catch (RuntimeException e) {
            if (OktaFailure.status(e) == 400 && "E0000001".equals(OktaFailure.errorCode(e))) {
                refused[0] = OktaFailure.describe(e, config);
                return List.of();
            }
            throw e;
        }
    }

    private OktaSnapshot.Connection defaultConnection(String appId) {
        ApplicationConnectionsApi api = new ApplicationConnectionsApi(client);
        ProvisioningConnectionResponse c = readOne("apps", "connections", () -> api.getDefaultProvisioningConnectionForApplication(appId));
        String authScheme = c.getAuthScheme() != null ? c.getAuthScheme().getValue()
                : c.getProfile() != null && c.getProfile().getAuthScheme() != null ? c.getProfile().getAuthScheme().getValue() : null;
        return new OktaSnapshot.Connection(authScheme, value(c.getStatus()), c.getBaseUrl());
    }

    /** okta-sdk-java 24 has no typed client for group push: the SDK's ApiClient calls the endpoint itself. */
    private List<OktaSnapshot.PushMapping> pushMappings(String appId) {
        return rawList("apps", "push mappings", "/api/v1/apps/" + client.escapeString(appId) + "/group-push/mappings", Map.of()).stream()
                .map(m -> new OktaSnapshot.PushMapping(text(m, "id"), text(m, "sourceGroupId"), text(m, "targetGroupId"),
                        text(m, "status"), text(m, "errorSummary"), instant(text(m, "lastPush")), instant(text(m, "lastUpdated")),
                        null))
                .toList();
    }

    /**
     * Every page of a list endpoint as JSON trees, through the SDK's ApiClient (same auth, retries
     * and paging). Used where the SDK's models would lose data: okta-sdk-java 24 turns an enum
     * value it does not know (a status Okta added later) into UNKNOWN_DEFAULT_OPEN_API, and such
     * a value must reach the snapshot and the rules as Okta sent it.
     */
    private List<JsonNode> rawList(String bucket, String kind, String path, Map<String, String> params) {
        return readAll(bucket, kind, after -> {
            List<Pair> query = new ArrayList<>(client.parameterToPair("after", after));
            query.addAll(client.parameterToPair("limit", PAGE_LIMIT));
            params.forEach((name, value) -> query.addAll(client.parameterToPair(name, value)));
            return client.invokeAPI(path, "GET", query, new ArrayList<>(), "", null, new LinkedHashMap<>(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), "application/json", "application/json", AUTH_NAMES,
                    new TypeReference<List<JsonNode>>() {});
        });
    }

    /** The SDK's model of a raw JSON object, for the fields whose types it gets right. */
    private <T> T model(JsonNode node, Class<T> type) {
        return client.getObjectMapper().convertValue(node, type);
    }

    private List<OktaSnapshot.SigningKey> signingKeys(String appId) {
        ApplicationSsoCredentialKeyApi api = new ApplicationSsoCredentialKeyApi(client);
        List<JsonWebKey> keys = readOne("apps", "signing keys", () -> api.listApplicationKeys(appId));
        return keys.stream()
                .map(k -> new OktaSnapshot.SigningKey(k.getKid(), instant(k.getCreated()), instant(k.getExpiresAt()), k.getUse()))
                .toList();
    }

    /**
     * The policy and every page of its rules. The rules list is paged ({@code limit}, {@code Link});
     * okta-sdk-java 24's PolicyApi.listPolicyRules(policyId, limit) takes no cursor and answers one
     * page, so the {@code rel="next"} links are followed as Okta gives them. The rules are read raw:
     * the SDK's VerificationMethod knows ASSURANCE and AUTH_METHOD_CHAIN, not ID_PROOFING.
     */
    private OktaSnapshot.AccessPolicy accessPolicy(String policyId) {
        PolicyApi api = new PolicyApi(client);
        Policy policy = readOne("other", "policies", () -> api.getPolicy(policyId, null));
        List<JsonNode> rules = followingLinks("other", "policy rules", "/api/v1/policies/" + client.escapeString(policyId) + "/rules",
                Map.of("limit", String.valueOf(PAGE_LIMIT)));
        return new OktaSnapshot.AccessPolicy(policy.getId(), policy.getName(), value(policy.getStatus()),
                rules.stream().map(OktaCollector::policyRule).toList());
    }

    /**
     * Every page of a list whose SDK call takes no cursor: the first page asked with
     * {@code params}, then each {@code rel="next"} link as it stands (same org only: the
     * credentials never go to another host). A link Okta already gave would page forever.
     */
    private List<JsonNode> followingLinks(String bucket, String kind, String path, Map<String, String> params) {
        List<JsonNode> all = new ArrayList<>();
        Set<String> links = new HashSet<>();
        String pagePath = path;
        List<Pair> query = new ArrayList<>();
        for (Map.Entry<String, String> param : params.entrySet()) {
            query.addAll(client.parameterToPair(param.getKey(), param.getValue()));
        }
        while (true) {
            String thisPath = pagePath;
            List<Pair> thisQuery = query;
            List<JsonNode> page = call(bucket, () -> client.invokeAPI(thisPath, "GET", thisQuery, new ArrayList<>(), "", null,
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), "application/json", "application/json",
                    AUTH_NAMES, new TypeReference<List<JsonNode>>() {}));
            progress.items(SOURCE, kind, page.size());
            all.addAll(page);
            String next = LinkHeaders.nextLink(client.getResponseHeaders());
            if (next == null) {
                return all;
            }
            if (!links.add(next)) {
                throw new ApiException("Okta answered the same next link twice while listing " + kind + "; the list was read up to there");
            }
            String org = client.getBasePath().replaceAll("/+$", "");
            if (!next.startsWith(org + "/")) {
                throw new ApiException("Okta's next link for " + kind + " leaves the org " + org + "; not followed: " + next);
            }
            URI uri = URI.create(next);
            pagePath = uri.getRawPath().substring(URI.create(org).getRawPath().length());
            query = new ArrayList<>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    query.add(new Pair(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
                }
            }
        }
    }

    /** Members of the groups that matter to AWS: assigned to, or pushed by, an amazon_aws_sso app. */
    private List<OktaSnapshot.GroupMembers> groupMembers(List<OktaSnapshot.AwsApp> awsApps) {
        Set<String> groupIds = new LinkedHashSet<>();
        for (OktaSnapshot.AwsApp app : awsApps) {
            app.groups().forEach(g -> groupIds.add(g.groupId()));
            app.pushMappings().forEach(m -> groupIds.add(m.sourceGroupId()));
        }
        groupIds.remove(null);
        // Members are read for the groups these lists name: what the lists missed, the members miss.
        Set<CollectionIssue> listGaps = new LinkedHashSet<>(issues.gaps(Sections.OKTA_AWS_APP_GROUPS));
        listGaps.addAll(issues.gaps(Sections.OKTA_AWS_APP_PUSH_MAPPINGS));
        listGaps.forEach(gap -> issues.inherit(Sections.OKTA_GROUP_MEMBERS, gap,
                "members are read for the groups assigned to or pushed by the app"));
        GroupApi api = new GroupApi(client);
        List<OktaSnapshot.GroupMembers> result = new ArrayList<>();
        for (String groupId : groupIds) {
            String call = "GET /api/v1/groups/" + groupId + "/users";
            List<String> userIds = section(Sections.OKTA_GROUP_MEMBERS, null, call,
                    () -> readAll("group", "group members", after -> api.listGroupUsers(groupId, after, PAGE_LIMIT)).stream()
                            .map(User::getId)
                            .toList(),
                    null);
            if (userIds != null) {
                long withoutId = userIds.stream().filter(Objects::isNull).count();
                if (withoutId > 0) {
                    // A member list holds no nulls: such a member is left out, and the list said incomplete.
                    issues.add(Sections.OKTA_GROUP_MEMBERS, null, call, RequiredComponents.MISSING_IDENTIFIER,
                            withoutId + " members of group " + groupId + " were answered without an id and left out");
                }
                result.add(new OktaSnapshot.GroupMembers(groupId, userIds.stream().filter(Objects::nonNull).toList()));
            }
        }
        return result;
    }

    /**
     * Records that point at a list's records reveal what a list missed though no call failed: an
     * app user is an Okta user (same id), and a group member is a user of a listed group. Only
     * checked against a list read without issues (a partial one is already said to be partial).
     */
    private void crossCheck(List<OktaSnapshot.User> users, List<OktaSnapshot.Group> groups, List<OktaSnapshot.GroupMembers> members,
                            List<OktaSnapshot.AwsApp> awsApps) {
        if (issues.gaps(Sections.OKTA_USERS).isEmpty()) {
            Set<String> userIds = new HashSet<>();
            users.forEach(u -> userIds.add(u.id()));
            for (OktaSnapshot.AwsApp app : awsApps) {
                Set<String> unlisted = new TreeSet<>();
                app.users().stream().map(OktaSnapshot.AppUser::userId).filter(id -> id != null && !userIds.contains(id))
                        .forEach(unlisted::add);
                if (!unlisted.isEmpty()) {
                    issues.add(new CollectionIssue(Sections.OKTA_USERS, null, null, "GET /api/v1/users", CollectionIssue.MISSING_FROM_LIST,
                            "app " + app.id() + " has " + unlisted.size() + " app users that the user list did not hold: "
                                    + String.join(", ", unlisted), null, Sections.OKTA_AWS_APP_USERS, null));
                }
            }
            Set<String> unlistedMembers = new TreeSet<>();
            members.forEach(g -> g.userIds().stream().filter(id -> !userIds.contains(id)).forEach(unlistedMembers::add));
            if (!unlistedMembers.isEmpty()) {
                issues.add(new CollectionIssue(Sections.OKTA_USERS, null, null, "GET /api/v1/users", CollectionIssue.MISSING_FROM_LIST,
                        "group members include " + unlistedMembers.size() + " users that the user list did not hold: "
                                + String.join(", ", unlistedMembers), null, Sections.OKTA_GROUP_MEMBERS, null));
            }
        }
        if (issues.gaps(Sections.OKTA_GROUPS).isEmpty()) {
            Set<String> groupIds = new HashSet<>();
            groups.forEach(g -> groupIds.add(g.id()));
            Set<String> unlisted = new TreeSet<>();
            members.stream().map(OktaSnapshot.GroupMembers::groupId).filter(id -> !groupIds.contains(id)).forEach(unlisted::add);
            if (!unlisted.isEmpty()) {
                issues.add(new CollectionIssue(Sections.OKTA_GROUPS, null, null, "GET /api/v1/groups", CollectionIssue.MISSING_FROM_LIST,
                        "members were read of " + unlisted.size() + " groups that the group list did not hold: "
                                + String.join(", ", unlisted), null, Sections.OKTA_GROUP_MEMBERS, null));
            }
        }
    }

    // ---------------------------------------------------------------- calls, paging, failures

    /**
     * Runs one section's reads; a failed call becomes a collection issue (for {@code appId} when
     * set) and the section reads as {@code fallback}. Rejected credentials stop everything.
     */
    private <T> T section(String section, String appId, String api, Supplier<T> read, T fallback) {
        List<Stop> outer = stops;
        stops = new ArrayList<>();
        try {
            T result = read.get();
            for (Stop stop : stops) {
                issues.add(new CollectionIssue(section, null, appId, api, CollectionIssue.REPEATED_PAGE_TOKEN, stop.message(), null, null,
                        stop.pagesRead()));
            }
            return result;
        } catch (BadInputException e) {
            // Rejected credentials met in a nested section (an app's sub-resource) stop the whole
            // collection too, rather than becoming an issue of the section around it.
            throw e;
        } catch (RuntimeException e) {
            if (OktaFailure.status(e) == 401) {
                throw new BadInputException("Okta " + config.orgUrl() + " rejected the "
                        + (config.usesOAuth() ? "access token of OAuth client " + config.clientId() : "API token (OKTA_API_TOKEN)")
                        + " on " + api + ": " + OktaFailure.describe(e, config));
            }
            String message = api + " failed: " + OktaFailure.describe(e, config);
            if (appId != null) {
                issues.addForApp(section, appId, api, OktaFailure.code(e), message);
            } else {
                issues.add(section, null, api, OktaFailure.code(e), message);
            }
            return fallback;
        } finally {
            stops = outer;
        }
    }

    private <T> T readOne(String bucket, String kind, Supplier<T> call) {
        T result = call(bucket, call);
        progress.items(SOURCE, kind, result instanceof List<?> list ? list.size() : 1);
        return result;
    }

    /**
     * Every page of a list: asks for the first page, then follows the {@code rel="next"} cursor.
     * A cursor Okta already gave would page forever: the list stops there and keeps what it read,
     * and the section records where it stopped (the rest of the list is unknown).
     */
    private <T> List<T> readAll(String bucket, String kind, Function<String, List<T>> pageAfter) {
        List<T> all = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String after = null;
        do {
            String cursor = after;
            List<T> page = call(bucket, () -> pageAfter.apply(cursor));
            progress.items(SOURCE, kind, page.size());
            all.addAll(page);
            after = LinkHeaders.nextCursor(client.getResponseHeaders());
            if (after != null && !cursors.add(after)) {
                stops.add(new Stop("Okta answered the same next-page cursor twice while listing " + kind + "; the list was read up"
                        + " to there (" + (cursors.size() + 1) + " pages, " + all.size() + " " + kind + " kept; the repeated cursor: after="
                        + after + ")", cursors.size() + 1));
                break;
            }
        } while (after != null);
        return all;
    }

    /**
     * One HTTP call, through the rate limiter: held while its bucket is spent; after a 429,
     * held until the bucket's Reset and sent again; after a server error, a dropped connection
     * or an unreadable answer, sent again after an exponential backoff with full jitter (capped);
     * a Retry-After in a failed answer holds the bucket until then, so the retry goes at the later
     * of the two. Any other failure is the caller's to record.
     */
    private <T> T call(String bucket, Supplier<T> request) {
        int failures = 0;
        int rateLimited = 0;
        while (true) {
            limiter.beforeCall(bucket);
            progress.call(SOURCE);
            try {
                T result = request.get();
                limiter.afterAnswer(bucket, client.getResponseHeaders());
                return result;
            } catch (RuntimeException e) {
                ApiException api = OktaFailure.apiException(e);
                int status = api == null ? 0 : api.getCode();
                Map<String, List<String>> headers = api == null ? null : api.getResponseHeaders();
                limiter.followRetryAfter(bucket, headers);
                if (status == 429 && ++rateLimited < MAX_RATE_LIMITED) {
                    limiter.rateLimited(bucket, headers);
                    continue;
                }
                limiter.afterAnswer(bucket, headers);
                if (RETRIED_STATUSES.contains(status) && ++failures < MAX_ATTEMPTS) {
                    backoff(failures);
                    continue;
                }
                throw e;
            }
        }
    }

    private static void backoff(int failures) {
        long cap = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(failures, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    /** Calls made per Okta rate-limit bucket (apps, users, groups, group, other), retries included. */
    public Map<String, Integer> callsPerBucket() {
        return limiter.calls();
    }

    /** The 429s met and the waits for their Reset, in order. */
    List<OktaRateLimiter.Event> rateLimitEvents() {
        return limiter.events();
    }

    // ---------------------------------------------------------------- SDK models -> snapshot records

    /** Status as Okta sent it (see {@link #rawList}); the rest through the SDK's model. */
    private OktaSnapshot.User user(JsonNode raw) {
        User u = model(raw, User.class);
        var profile = u.getProfile();
        return new OktaSnapshot.User(u.getId(),
                profile == null ? null : profile.getLogin(),
                profile == null ? null : profile.getEmail(),
                profile == null ? null : profile.getFirstName(),
                profile == null ? null : profile.getLastName(),
                text(raw, "status"), instant(u.getCreated()), instant(u.getLastLogin()), instant(u.getStatusChanged()));
    }

    /** Scope, status and sync state as Okta sent them (see {@link #rawList}); the rest through the SDK's model. */
    private OktaSnapshot.AppUser appUser(JsonNode raw) {
        AppUser u = model(raw, AppUser.class);
        return new OktaSnapshot.AppUser(u.getId(), u.getExternalId(),
                u.getCredentials() == null ? null : u.getCredentials().getUserName(),
                text(raw, "scope"), text(raw, "status"), text(raw, "syncState"), instant(u.getLastSync()));
    }

    /** Capabilities flattened to {@code create.lifecycleCreate}, {@code update.profile}, ... → ENABLED/DISABLED. */
    private static OktaSnapshot.Feature feature(ApplicationFeature f) {
        Map<String, String> capabilities = new TreeMap<>();
        if (f instanceof UserProvisioningApplicationFeature provisioning && provisioning.getCapabilities() != null) {
            CapabilitiesObject c = provisioning.getCapabilities();
            if (c.getCreate() != null && c.getCreate().getLifecycleCreate() != null) {
                put(capabilities, "create.lifecycleCreate", value(c.getCreate().getLifecycleCreate().getStatus()));
            }
            if (c.getUpdate() != null) {
                var update = c.getUpdate();
                if (update.getProfile() != null) {
                    put(capabilities, "update.profile", value(update.getProfile().getStatus()));
                }
                if (update.getLifecycleDeactivate() != null) {
                    put(capabilities, "update.lifecycleDeactivate", value(update.getLifecycleDeactivate().getStatus()));
                }
                if (update.getPassword() != null) {
                    put(capabilities, "update.password", value(update.getPassword().getStatus()));
                }
            }
        }
        return new OktaSnapshot.Feature(value(f.getName()), value(f.getStatus()), capabilities);
    }

    /**
     * A rule of an authentication policy as Okta sent it: access, the verification method's type,
     * an ASSURANCE method's factorMode, an AUTH_METHOD_CHAIN method's chains step by step.
     */
    private static OktaSnapshot.PolicyRule policyRule(JsonNode rule) {
        JsonNode signOn = rule.path("actions").path("appSignOn");
        JsonNode method = signOn.path("verificationMethod");
        String type = text(method, "type");
        List<OktaSnapshot.MethodChain> chains = new ArrayList<>();
        if ("AUTH_METHOD_CHAIN".equals(type)) {
            method.path("chains").forEach(chain -> chains.addAll(ways(chain, List.of())));
        }
        JsonNode priority = rule.path("priority");
        return new OktaSnapshot.PolicyRule(text(rule, "id"), text(rule, "name"), text(rule, "status"),
                priority.canConvertToInt() ? priority.asInt() : null, text(signOn, "access"), type,
                "ASSURANCE".equals(type) ? text(method, "factorMode") : null, chains);
    }

    /** The deepest chain idaudit follows; Okta allows 3 steps. */
    private static final int MAX_CHAIN_STEPS = 10;

    /**
     * Each way through a chain: its first step, then its {@code next} step. Okta supports one item
     * in {@code next}; were there more, each would be another way to sign in.
     */
    private static List<OktaSnapshot.MethodChain> ways(JsonNode chain, List<OktaSnapshot.ChainStep> before) {
        List<OktaSnapshot.ChainStep> steps = new ArrayList<>(before);
        List<OktaSnapshot.AuthMethod> methods = new ArrayList<>();
        chain.path("authenticationMethods").forEach(m -> methods.add(
                new OktaSnapshot.AuthMethod(text(m, "key"), text(m, "method"), text(m, "userVerification"))));
        steps.add(new OktaSnapshot.ChainStep(methods));
        JsonNode next = chain.path("next");
        if (!next.isArray() || next.isEmpty() || steps.size() >= MAX_CHAIN_STEPS) {
            return List.of(new OktaSnapshot.MethodChain(steps));
        }
        List<OktaSnapshot.MethodChain> out = new ArrayList<>();
        next.forEach(n -> out.addAll(ways(n, steps)));
        return out;
    }

    /** The policy id at the end of the app's {@code _links.accessPolicy.href}, or null when it has none. */
    private static String accessPolicyId(JsonNode app) {
        String href = text(app.path("_links").path("accessPolicy"), "href");
        if (href == null) {
            return null;
        }
        href = href.replaceAll("/+$", "");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    /**
     * The app's {@code name} (e.g. amazon_aws_sso). The SDK declares it on each sign-on-mode
     * subclass rather than on Application, so it is read back through the SDK's own mapper.
     */
    private String appName(Application app) {
        JsonNode name = client.getObjectMapper().valueToTree(app).path("name");
        return name.isTextual() ? name.asText() : null;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The wire value of an SDK enum (generated enums print their value), or null. */
    private static String value(Object sdkEnum) {
        return sdkEnum == null ? null : sdkEnum.toString();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Instant instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
