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
            /**
             * /apps/{id}/features; empty when Okta refused it as documented ({@link #featuresRefused()})
             * or the call failed (then with a collection issue).
             */
            List<Feature> features,
            /**
             * /apps/{id}/connections/default; null when the call failed. For an app the Connections API
             * does not serve, Okta answers status UNKNOWN.
             */
            Connection defaultConnection,
            List<PushMapping> pushMappings,
            List<SigningKey> signingKeys,
            /** The authentication policy linked from the app's {@code _links.accessPolicy}; null when none. */
            AccessPolicy accessPolicy,
            /**
             * The app object's read-only {@code features} ("Enabled app features", e.g. PUSH_NEW_USERS,
             * PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, GROUP_PUSH) as Okta spelled them: the
             * documented provisioning state of apps the Features API does not serve. Null when the
             * app object carried no list (or the snapshot predates schemaVersion 2): not known.
             */
            List<String> appFeatures,
            /**
             * Okta's answer when it refused {@code /features} as documented (400 E0000001, "Provisioning is
             * not enabled for the app instance": the Features API serves only a few apps), e.g.
             * {@code 400 E0000001 Api validation failed: feature (Provisioning is not enabled for the app instance.)};
             * null when it answered or the call failed otherwise (then a collection issue says why).
             */
            String featuresRefused,
            /** {@code credentials.signing.kid}: the signing key in use; null when the app did not say. */
            String signingKid,
            /**
             * {@code credentials.userNameTemplate.template}, e.g. {@code ${source.login}}: how Okta makes
             * an app user's user name; null when the app did not say (Okta's default is {@code ${source.login}}).
             */
            String userNameTemplate) {

        public AwsApp {
            users = Lists.copy(users);
            groups = Lists.copy(groups);
            features = Lists.copy(features);
            appFeatures = appFeatures == null ? null : List.copyOf(appFeatures);
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

    /**
     * /apps/{id}/connections/default. status: ENABLED, DISABLED, or UNKNOWN ("Provisioning isn't
     * supported by the app, or the authentication method is unknown"): UNKNOWN is not known, never disabled.
     */
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

    /**
     * /apps/{id}/credentials/keys: a SAML signing certificate. The list holds every key the app
     * has had; the one in use is the app's {@link AwsApp#signingKid()}.
     */
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
     * @param verificationMethod actions.appSignOn.verificationMethod.type as Okta sent it: ASSURANCE,
     *     AUTH_METHOD_CHAIN or ID_PROOFING; null when the rule has no verification method
     * @param factorMode 1FA or 2FA (an ASSURANCE method's factorMode); null when not set
     * @param chains an AUTH_METHOD_CHAIN method's chains, each a way to sign in: the user completes one
     *     chain, step by step; empty for other methods
     */
    public record PolicyRule(String id, String name, String status, Integer priority, String access,
            String verificationMethod, String factorMode, List<MethodChain> chains) {
        public PolicyRule {
            chains = Lists.copy(chains);
        }
    }

    /** One authentication method chain: its steps in order (the first, then each {@code next}). */
    public record MethodChain(List<ChainStep> steps) {
        public MethodChain {
            steps = Lists.copy(steps);
        }
    }

    /** One step of a chain: the authentication methods the user may pick from (any one of them). */
    public record ChainStep(List<AuthMethod> methods) {
        public ChainStep {
            methods = Lists.copy(methods);
        }
    }

    /**
     * One authentication method of a chain step.
     *
     * @param key the authenticator, e.g. okta_password, okta_verify, phone_number, webauthn
     * @param method e.g. password, push, signed_nonce, sms
     * @param userVerification OPTIONAL or REQUIRED as Okta sent it; null when absent
     */
    public record AuthMethod(String key, String method, String userVerification) {}
}
