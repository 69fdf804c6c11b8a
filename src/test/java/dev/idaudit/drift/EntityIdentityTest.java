package dev.idaudit.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.idaudit.model.AuditModel;
import dev.idaudit.model.Views;
import dev.idaudit.model.view.AppUsersView;
import dev.idaudit.model.view.AssignmentsView;
import dev.idaudit.model.view.IamUsersView;
import dev.idaudit.model.view.IdcGroupsView;
import dev.idaudit.model.view.IdcUsersView;
import dev.idaudit.model.view.OktaUsersView;
import dev.idaudit.model.view.PermissionSetsView;
import dev.idaudit.model.view.ReservedRolesView;
import dev.idaudit.model.view.SamlProvidersView;
import dev.idaudit.model.view.View;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.snapshot.SnapshotIO;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One identity per entity: the key a model view declares is the key the snapshot diff and drift use. */
class EntityIdentityTest {

    @Test
    void theViewsAndTheSnapshotDiffKeyTheSameEntitiesAlike() throws Exception {
        Snapshot acme;
        try (InputStream in = getClass().getResourceAsStream("/dev/idaudit/rules/acme-snapshot.json")) {
            acme = SnapshotIO.read(in, "acme");
        }
        AuditModel model = AuditModel.of(acme);
        Map<EntityType, List<Entity>> entities = SnapshotEntities.of(acme);
        same(model, AssignmentsView.VIEW, a -> true, entities.get(EntityType.IDC_ASSIGNMENT));
        same(model, SamlProvidersView.VIEW, p -> true, entities.get(EntityType.IAM_SAML_PROVIDER));
        same(model, AppUsersView.VIEW, u -> true, entities.get(EntityType.OKTA_APP_USER));
        same(model, PermissionSetsView.VIEW, p -> true, entities.get(EntityType.IDC_PERMISSION_SET));
        same(model, IdcUsersView.VIEW, u -> true, entities.get(EntityType.IDC_USER));
        same(model, IdcGroupsView.VIEW, g -> true, entities.get(EntityType.IDC_GROUP));
        same(model, OktaUsersView.VIEW, u -> true, entities.get(EntityType.OKTA_USER));
        // the view also lists the roles assignments should have created but that are missing
        same(model, ReservedRolesView.VIEW, Views.ReservedRole::roleExists, entities.get(EntityType.IAM_RESERVED_ROLE));
        // the view leaves out the credential report's root row
        same(model, IamUsersView.VIEW, u -> true, entities.get(EntityType.IAM_USER).stream()
                .filter(e -> !e.name().startsWith("<root_account>")).toList());
    }

    private static <T> void same(AuditModel model, View<T> view, Predicate<T> which, List<Entity> entities) {
        Set<String> fromView = model.view(view).stream().filter(which).map(view::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> fromDiff = entities.stream().map(Entity::key).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(fromView.isEmpty(), view + " has entities on acme");
        assertEquals(fromDiff, fromView, view + " and the snapshot diff name the same entities alike");
    }
}
