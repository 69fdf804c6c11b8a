package dev.idaudit.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces people's logins, emails and names in a snapshot with keyed HMAC-SHA256 pseudonyms
 * ({@code --redact-pii KEYFILE}), so evidence can be shared outside the company. The same key
 * gives the same pseudonym for the same value in every run and on both sides (Okta login and
 * Identity Store UserName stay equal), so joins, diffs and findings still line up. Without the
 * key a pseudonym cannot be reversed or recomputed.
 */
public final class Pseudonymizer {
    private static final String DOMAIN = "redacted.invalid";
    private final Mac mac;

    public Pseudonymizer(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the redaction key must be at least 16 bytes");
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized String digest(String kind, String value) {
        byte[] h = mac.doFinal((kind + "\0" + value.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 6);
    }

    /** A login or email keeps its shape (user-…@redacted.invalid); case is ignored, as Okta and AWS ignore it. */
    public String email(String value) {
        return value == null || value.isEmpty() ? value : "user-" + digest("id", value) + "@" + DOMAIN;
    }

    /** A user name that may or may not be an email: both sides map alike when they are equal. */
    public String login(String value) {
        return email(value);
    }

    public String name(String value) {
        return value == null || value.isEmpty() ? value : "name-" + digest("name", value);
    }

    /** An STS ARN's session name often is a person's email: keep the role, hide the session. */
    public String callerArn(String arn) {
        if (arn == null) {
            return null;
        }
        int slash = arn.lastIndexOf('/');
        return arn.contains(":assumed-role/") || arn.contains(":user/") ? arn.substring(0, slash + 1) + login(arn.substring(slash + 1)) : arn;
    }

    public Snapshot apply(Snapshot s) {
        OktaSnapshot o = s.okta();
        OktaSnapshot okta = o == null ? null : new OktaSnapshot(o.orgUrl(),
                o.users().stream().map(u -> new OktaSnapshot.User(u.id(), login(u.login()), email(u.email()), name(u.firstName()),
                        name(u.lastName()), u.status(), u.created(), u.lastLogin(), u.statusChanged())).toList(),
                o.groups(), o.groupMembers(), o.apps(),
                o.awsApps().stream().map(a -> new OktaSnapshot.AwsApp(a.id(), a.name(), a.label(), a.status(),
                        a.users().stream().map(u -> new OktaSnapshot.AppUser(u.userId(), u.externalId(), login(u.userName()), u.scope(),
                                u.status(), u.syncState(), u.lastSync())).toList(),
                        a.groups(), a.features(), a.defaultConnection(), a.pushMappings(), a.signingKeys(), a.accessPolicy(),
                        a.appFeatures(), a.featuresRefused(), a.signingKid(), a.userNameTemplate())).toList());
        AwsSnapshot w = s.aws();
        AwsSnapshot aws = w == null ? null : new AwsSnapshot(w.region(), callerArn(w.callerArn()),
                w.organization() == null ? null : new AwsSnapshot.Organization(w.organization().id(), w.organization().arn(),
                        w.organization().featureSet(), w.organization().managementAccountId(),
                        email(w.organization().managementAccountEmail()), w.organization().enabledFeatures()),
                w.accounts().stream().map(a -> new AwsSnapshot.Account(a.id(), a.arn(), a.name(), email(a.email()), a.state(),
                        a.parentId(), a.ouPath(), a.joined())).toList(),
                w.organizationalUnits(), w.serviceControlPolicies(), w.trails(),
                w.identityCenter() == null ? null : identityCenter(w.identityCenter()),
                w.memberAccounts());
        Metadata m = s.metadata();
        Metadata metadata = m == null ? null : new Metadata(m.toolVersion(), m.startedAt(), m.finishedAt(), m.source(), m.oktaOrgUrl(),
                callerArn(m.awsCallerArn()), m.managementAccountId(), m.region());
        return new Snapshot(s.schemaVersion(), metadata, okta, aws, s.collectionIssues());
    }

    private AwsSnapshot.IdentityCenter identityCenter(AwsSnapshot.IdentityCenter ic) {
        return new AwsSnapshot.IdentityCenter(ic.instances(), ic.permissionSets(), ic.assignments(), ic.provisioningRequests(),
                ic.users().stream().map(u -> new AwsSnapshot.IdentityStoreUser(u.userId(), login(u.userName()), name(u.displayName()),
                        email(u.primaryEmail()), u.externalIds(), u.userStatus())).toList(),
                ic.groups(), ic.groupMemberships());
    }
}
