package dev.idaudit.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What was read from the Okta org. Statuses and enums are kept as Okta spells them. */
public record OktaSnapshot(
        String orgUrl,
        List<User> users,
        List<Group> groups,
        List<GroupMembers> groupMembers,
        List<App> apps,
        /**
         * Every {@code amazon_aws_sso} app (AWS IAM Identity Center), active or not, with its
         * provisioning state; usually one. Empty when the org has none.
         */
        List<AwsApp> awsApps) {

    public OktaSnapshot {
        users = Lists.copy(users);
        groups = Lists.copy(groups);
        groupMembers = Lists.copy(groupMembers);
        apps = Lists.copy(apps);
        awsApps = Lists.copy(awsApps);
    }

    /**
     * The name of a push mapping's target group (an APP_GROUP, named as the group is named in the
     * app): as the collector read it, else from the groups list; null when neither knows it.
     */
    public String pushTargetName(PushMapping m) {
        if (m.targetGroupName() != null || m.targetGroupId() == null) {
            return m.targetGroupName();
        }
        return groups.stream().filter(g -> m.targetGroupId().equals(g.id())).map(Group::name).findFirst().orElse(null);
    }

    /** GET /api/v1/users. status: STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED, DEPROVISIONED. */
    public record User(
            @Required String id,
            String login,
            String email,
            String firstName,
            String lastName,
            String status,
            Instant created,
            Instant lastLogin,
            Instant statusChanged) {}

    /** GET /api/v1/groups. type: OKTA_GROUP, APP_GROUP, BUILT_IN. */
    public record Group(@Required String id, String name, String description, String type) {}

    /** Members of one group; collected only for the groups that matter to AWS (assigned or pushed). */
    public record GroupMembers(@Required String groupId, List<String> userIds) {
        public GroupMembers {
            userIds = Lists.copy(userIds);
        }
    }

    /** GET /api/v1/apps. */
    public record App(@Required String id, String name, String label, String status, String signOnMode) {}

    /** The AWS IAM Identity Center app and its provisioning state. */
    public record AwsApp(
            @Required String id,
            String name,
            String label,
            String status,
            List<AppUser> users,
            List<AppGroup> groups,
            /** /apps/{id}/features; empty with a collection issue when the endpoint refused. */
            List<Feature> features,
            /** /apps/{id}/connections/default; null when the endpoint refused or has none. */
            Connection defaultConnection,
            List<PushMapping> pushMappings,
            List<SigningKey> signingKeys,
            /** The authentication policy linked from the app's {@code _links.accessPolicy}; null when none. */
            AccessPolicy accessPolicy,
            /**
             * {@code credentials.userNameTemplate.template}, e.g. {@code ${source.login}}: how Okta makes
             * an app user's user name; null when the app did not say (Okta's default is {@code ${source.login}}).
             */
            String userNameTemplate) {

        public AwsApp {
            users = Lists.copy(users);
            groups = Lists.copy(groups);
            features = Lists.copy(features);
            pushMappings = Lists.copy(pushMappings);
            signingKeys = Lists.copy(signingKeys);
        }
    }

    /**
     * /apps/{id}/users.
     *
     * @param userId the Okta user id
     * @param externalId the id the app gave the user (the Identity Store UserId for this app)
     * @param scope USER (assigned directly) or GROUP
     * @param status e.g. PROVISIONED, ACTIVE, DEPROVISIONED, STAGED
     * @param syncState e.g. SYNCHRONIZED, OUT_OF_SYNC, ERROR, DISABLED
     */
    public record AppUser(
            @Required String userId,
            String externalId,
            String userName,
            String scope,
            String status,
            String syncState,
            Instant lastSync) {}

    /** /apps/{id}/groups: a group assigned to the app. */
    public record AppGroup(@Required String groupId, Integer priority) {}

    /**
     * /apps/{id}/features, e.g. USER_PROVISIONING.
     *
     * @param capabilities flattened: {@code create.lifecycleCreate}, {@code update.profile},
     *     {@code update.lifecycleDeactivate}, {@code update.password} → ENABLED or DISABLED
     */
    public record Feature(String name, String status, Map<String, String> capabilities) {
        public Feature {
            capabilities = Lists.copy(capabilities);
        }
    }

    /** /apps/{id}/connections/default. status: ENABLED, DISABLED, UNKNOWN. */
    public record Connection(String authScheme, String status, String baseUrl) {}

    /**
     * /apps/{id}/group-push/mappings. status: ACTIVE, INACTIVE, ERROR.
     *
     * @param targetGroupId the Okta group (type APP_GROUP, {@code _links.targetGroup}) that stands for the
     *     group in the app; not the Identity Store GroupId
     * @param targetGroupName that group's {@code profile.name}, read from the groups list or
     *     {@code GET /api/v1/groups/{id}}: the name the group has in the app; null when neither answered
     */
    public record PushMapping(
            @Required String id,
            @Required String sourceGroupId,
            String targetGroupId,
            String status,
            String errorSummary,
            Instant lastPush,
            Instant lastUpdated,
            String targetGroupName) {}

    /** /apps/{id}/credentials/keys: a SAML signing certificate. */
    public record SigningKey(@Required String kid, Instant created, Instant expiresAt, String use) {}

    /** An authentication (ACCESS_POLICY) policy and its rules. */
    public record AccessPolicy(String id, String name, String status, List<PolicyRule> rules) {
        public AccessPolicy {
            rules = Lists.copy(rules);
        }
    }

    /**
     * One rule of an authentication policy.
     *
     * @param access ALLOW or DENY
     * @param factorMode 1FA or 2FA (actions.appSignOn.verificationMethod.factorMode); null when not set
     */
    public record PolicyRule(String id, String name, String status, Integer priority, String access, String factorMode) {}
}
