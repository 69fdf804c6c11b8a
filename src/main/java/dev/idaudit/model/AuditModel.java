package dev.idaudit.model;

import dev.idaudit.model.view.AccessMatrixView;
import dev.idaudit.model.view.AccountsView;
import dev.idaudit.model.view.AppUsersView;
import dev.idaudit.model.view.AssignmentsView;
import dev.idaudit.model.view.AwsAppsView;
import dev.idaudit.model.view.IamUsersView;
import dev.idaudit.model.view.IdcGroupsView;
import dev.idaudit.model.view.IdcUsersView;
import dev.idaudit.model.view.InstancesView;
import dev.idaudit.model.view.Joins;
import dev.idaudit.model.view.OktaAppsView;
import dev.idaudit.model.view.OktaUsersView;
import dev.idaudit.model.view.OrganizationsView;
import dev.idaudit.model.view.PermissionSetsView;
import dev.idaudit.model.view.PushMappingsView;
import dev.idaudit.model.view.ReviewRevocationsView;
import dev.idaudit.model.view.ReservedRolesView;
import dev.idaudit.model.view.SamlProvidersView;
import dev.idaudit.model.view.ScpsView;
import dev.idaudit.model.view.SignOnRulesView;
import dev.idaudit.model.view.SigningKeysView;
import dev.idaudit.model.view.TrailsView;
import dev.idaudit.model.view.View;
import dev.idaudit.model.view.ViewContext;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.CollectionIssue;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Sections;
import dev.idaudit.snapshot.Snapshot;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The audit model: a snapshot with both sides joined, built once and read by the rules and
 * the reports. It is the registry of the views: each view (a CEL variable) is declared in its
 * own file under {@code model/view/} with the sections it reads, its derivation and its entity
 * key; this class lists them, derives each once (the lazy ones on first use) and serves them.
 * The joins the views share (Okta user ↔ Identity Store user, memberships, accounts reached)
 * are built once in {@link Joins}.
 *
 * <p>"Now" for ages (days since sign-in, days left on a key) is the time the snapshot was
 * finished, so a stored snapshot gives the same findings whenever it is checked.
 */
public final class AuditModel {
    /** Every view, in the order they are listed to rule authors. */
    public static final List<View<?>> VIEWS = List.of(
            AwsAppsView.VIEW, OktaAppsView.VIEW, AppUsersView.VIEW, SigningKeysView.VIEW, SignOnRulesView.VIEW,
            OktaUsersView.VIEW, IdcUsersView.VIEW, IdcGroupsView.VIEW, PushMappingsView.VIEW, InstancesView.VIEW,
            PermissionSetsView.VIEW, AssignmentsView.VIEW, AccountsView.VIEW, ScpsView.VIEW, ReservedRolesView.VIEW,
            SamlProvidersView.VIEW, IamUsersView.VIEW, TrailsView.VIEW, OrganizationsView.VIEW, AccessMatrixView.VIEW,
            ReviewRevocationsView.VIEW);

    private static final Map<String, View<?>> BY_NAME = VIEWS.stream()
            .collect(Collectors.toUnmodifiableMap(View::name, v -> v));

    private final Snapshot snapshot;
    private final Instant asOf;
    private final List<Views.ReviewDecision> reviewDecisions;
    private final Map<View<?>, Supplier<List<?>>> values = new IdentityHashMap<>();

    private AuditModel(Snapshot snapshot, Instant asOf, List<Views.ReviewDecision> reviewDecisions) {
        this.snapshot = snapshot;
        this.asOf = asOf;
        this.reviewDecisions = List.copyOf(reviewDecisions);
        Context context = new Context(snapshot, asOf);
        for (View<?> v : VIEWS) {
            values.put(v, memoize(() -> v.derive(context)));
        }
        // Derived now, in list order, as before the split; lazy views wait for their first reader.
        VIEWS.stream().filter(v -> !v.lazy()).forEach(this::view);
    }

    /** Builds the model as of the time the snapshot was finished (or started; else now). */
    public static AuditModel of(Snapshot snapshot) {
        Instant asOf = snapshot.metadata() == null ? null
                : snapshot.metadata().finishedAt() != null ? snapshot.metadata().finishedAt() : snapshot.metadata().startedAt();
        return of(snapshot, asOf == null ? Instant.now() : asOf);
    }

    public static AuditModel of(Snapshot snapshot, Instant asOf) {
        return new AuditModel(Objects.requireNonNull(snapshot, "snapshot"), Objects.requireNonNull(asOf, "asOf"), List.of());
    }

    /**
     * The same snapshot with an access review's Revoke decisions beside it (the only input that is
     * not collected: {@code run --review}); without one, the review views are empty.
     */
    public AuditModel withReview(List<Views.ReviewDecision> decisions) {
        return decisions.isEmpty() && reviewDecisions.isEmpty() ? this : new AuditModel(snapshot, asOf, decisions);
    }

    /** The view named {@code name} (its CEL variable), or null. */
    public static View<?> view(String name) {
        return BY_NAME.get(name);
    }

    /** The elements of a view of this model. */
    @SuppressWarnings("unchecked")
    public <T> List<T> view(View<T> view) {
        Supplier<List<?>> value = values.get(view);
        if (value == null) {
            throw new IllegalArgumentException(view + " is not registered in AuditModel.VIEWS");
        }
        return (List<T>) value.get();
    }

    public Snapshot snapshot() { return snapshot; }
    /** An access review was given beside the snapshot ({@link #withReview}). */
    public boolean hasReview() { return !reviewDecisions.isEmpty(); }
    public Instant asOf() { return asOf; }
    public String oktaOrgUrl() { return snapshot.okta() == null ? null : snapshot.okta().orgUrl(); }
    /** Null when the organization was not collected. */
    public Views.Organization organization() {
        List<Views.Organization> o = view(OrganizationsView.VIEW);
        return o.isEmpty() ? null : o.get(0);
    }
    public List<Views.AwsApp> awsApps() { return view(AwsAppsView.VIEW); }
    public List<Views.OktaApp> oktaApps() { return view(OktaAppsView.VIEW); }
    public List<Views.AppUser> appUsers() { return view(AppUsersView.VIEW); }
    public List<Views.SigningKey> signingKeys() { return view(SigningKeysView.VIEW); }
    public List<Views.SignOnRule> signOnRules() { return view(SignOnRulesView.VIEW); }
    public List<Views.OktaUser> oktaUsers() { return view(OktaUsersView.VIEW); }
    public List<Views.IdcUser> idcUsers() { return view(IdcUsersView.VIEW); }
    public List<Views.IdcGroup> idcGroups() { return view(IdcGroupsView.VIEW); }
    public List<Views.PushMapping> pushMappings() { return view(PushMappingsView.VIEW); }
    public List<Views.Instance> instances() { return view(InstancesView.VIEW); }
    public List<Views.PermissionSet> permissionSets() { return view(PermissionSetsView.VIEW); }
    public List<Views.Assignment> assignments() { return view(AssignmentsView.VIEW); }
    public List<Views.Account> accounts() { return view(AccountsView.VIEW); }
    public List<Views.Scp> scps() { return view(ScpsView.VIEW); }
    public List<Views.ReservedRole> reservedRoles() { return view(ReservedRolesView.VIEW); }
    public List<Views.SamlProvider> samlProviders() { return view(SamlProvidersView.VIEW); }
    public List<Views.IamUser> iamUsers() { return view(IamUsersView.VIEW); }
    public List<Views.Trail> trails() { return view(TrailsView.VIEW); }

    /** Who reaches which account with which permission set, through which group (or directly). */
    public List<Views.AccessPath> accessMatrix() { return view(AccessMatrixView.VIEW); }

    /** Computes once, on the first call, from whichever thread; then lets go of what it computed from. */
    private static <T> Supplier<T> memoize(Supplier<T> compute) {
        return new Supplier<>() {
            private Supplier<T> pending = compute;
            private T value;

            @Override
            public synchronized T get() {
                if (pending != null) {
                    value = pending.get();
                    pending = null;
                }
                return value;
            }
        };
    }

    /** Identity Store users that match no Okta user (reconciliation: AWS side only). */
    public List<Views.IdcUser> identityCenterOnlyUsers() {
        return idcUsers().stream().filter(u -> u.oktaUserId() == null).toList();
    }

    /** Okta users assigned to an active AWS app that have no Identity Store user (Okta side only). */
    public List<Views.OktaUser> oktaOnlyUsers() {
        return oktaUsers().stream().filter(u -> u.assignedToAwsApp() && u.idcUserId() == null).toList();
    }

    /** Identity Store groups with no Okta group behind them (AWS side only). */
    public List<Views.IdcGroup> identityCenterOnlyGroups() {
        return idcGroups().stream().filter(g -> g.oktaGroupId() == null).toList();
    }

    /** Okta groups pushed by a mapping whose target is not in the Identity Store (Okta side only). */
    public List<Views.PushMapping> pushMappingsWithoutTarget() {
        return pushMappings().stream().filter(m -> m.idcGroupId() == null).toList();
    }

    /** The collection issues of the snapshot that concern {@code section} (either contains the other). */
    public List<CollectionIssue> issuesFor(String section) {
        return snapshot.collectionIssues().stream().filter(i -> Sections.overlaps(i.section(), section)).toList();
    }

    /** Hours of an ISO-8601 duration as AWS returns it (PT8H, PT1H30M); AWS's default PT1H when unset; null when unreadable. */
    static Double sessionHours(String iso) {
        return PermissionSetsView.sessionHours(iso);
    }

    /** What the views derive from while the model is built: the snapshot's parts (never null) and the shared joins. */
    private final class Context implements ViewContext {
        private final Snapshot snap;
        private final Instant asOf;
        private final OktaSnapshot okta;
        private final AwsSnapshot aws;
        private final AwsSnapshot.IdentityCenter idc;
        private final Joins joins;

        Context(Snapshot snap, Instant asOf) {
            this.snap = snap;
            this.asOf = asOf;
            this.okta = snap.okta() != null ? snap.okta() : new OktaSnapshot(null, null, null, null, null, null);
            this.aws = snap.aws() != null ? snap.aws()
                    : new AwsSnapshot(null, null, null, null, null, null, null, null, null);
            this.idc = aws.identityCenter() != null ? aws.identityCenter()
                    : new AwsSnapshot.IdentityCenter(null, null, null, null, null, null, null);
            this.joins = new Joins(snap, okta, aws, idc);
        }

        @Override public Snapshot snapshot() { return snap; }
        @Override public Instant asOf() { return asOf; }
        @Override public OktaSnapshot okta() { return okta; }
        @Override public AwsSnapshot aws() { return aws; }
        @Override public AwsSnapshot.IdentityCenter idc() { return idc; }
        @Override public Joins joins() { return joins; }
        @Override public List<Views.ReviewDecision> reviewDecisions() { return reviewDecisions; }
        @Override public <T> List<T> view(View<T> view) { return AuditModel.this.view(view); }
    }
}
