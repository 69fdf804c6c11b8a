package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_IDC_ASSIGNMENTS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_GROUP_MEMBERSHIPS;
import static dev.idaudit.snapshot.Sections.AWS_IDC_USERS;
import static dev.idaudit.snapshot.Sections.OKTA_AWS_APP_PUSH_MAPPINGS;
import static dev.idaudit.snapshot.Sections.OKTA_GROUPS;
import static dev.idaudit.snapshot.Sections.OKTA_GROUP_MEMBERS;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code idcGroups}: Identity Store groups joined with their Okta group (the source of a push
 * mapping whose target is named as the group, else the OKTA_GROUP its ExternalIds name, else the
 * OKTA_GROUP of the same name), their push mappings and the member differences. Okta's group push
 * creates the group with displayName and members only, so a pushed group may have no ExternalIds.
 */
public final class IdcGroupsView {
    private IdcGroupsView() {}

    /** What finding a group's Okta group reads: the push mappings, the Okta groups (ids and names). */
    static final List<String> GROUP_JOIN = List.of(OKTA_AWS_APP_PUSH_MAPPINGS, OKTA_GROUPS);

    static final String BY_PUSH_MAPPING = "pushMapping";
    static final String BY_EXTERNAL_ID = "externalId";
    static final String BY_NAME = "name";

    public static final View<Views.IdcGroup> VIEW = View.of("idcGroups", Views.IdcGroup.class,
                    "Identity Store groups joined with their Okta group, push mappings and member differences")
            .reads(AWS_IDC_GROUPS)
            .field(GROUP_JOIN, "oktaGroupId", "oktaGroupName", "oktaGroupJoinedBy")
            .field(List.of(OKTA_AWS_APP_PUSH_MAPPINGS), "pushMappings")
            .field(List.of(AWS_IDC_ASSIGNMENTS), "assigned")
            .field(List.of(AWS_IDC_GROUP_MEMBERSHIPS, AWS_IDC_USERS), "memberUserNames")
            .field(Stream.concat(GROUP_JOIN.stream(), Stream.of(OKTA_GROUP_MEMBERS)).toList(), "oktaMembersKnown")
            // the two sides' members compared through the user join
            .field(Stream.of(GROUP_JOIN, List.of(OKTA_GROUP_MEMBERS, AWS_IDC_GROUP_MEMBERSHIPS), Joins.USER_JOIN)
                    .flatMap(List::stream).distinct().toList(), "extraMembers", "missingMembers")
            .key(Views.IdcGroup::groupId)
            .displayName(Views.IdcGroup::displayName)
            .derive(IdcGroupsView::derive)
            .build();

    static List<Views.IdcGroup> derive(ViewContext c) {
        Joins j = c.joins();
        OktaSnapshot okta = c.okta();
        List<Views.PushMapping> mappings = c.view(PushMappingsView.VIEW);
        Map<String, List<String>> oktaMembers = okta.groupMembers().stream()
                .collect(Collectors.toMap(OktaSnapshot.GroupMembers::groupId, OktaSnapshot.GroupMembers::userIds, (a, b) -> a));
        Set<String> assignedGroups = c.idc().assignments().stream().filter(a -> "GROUP".equals(a.principalType()))
                .map(AwsSnapshot.Assignment::principalId).collect(Collectors.toSet());
        List<Views.IdcGroup> out = new ArrayList<>();
        for (AwsSnapshot.IdentityStoreGroup g : c.idc().groups()) {
            List<Views.PushMapping> mine = mappings.stream().filter(m -> g.groupId().equals(m.idcGroupId())).toList();
            List<String> ext = g.externalIds().stream().map(AwsSnapshot.ExternalId::id).filter(Objects::nonNull).toList();
            OktaSnapshot.Group source = mine.stream().map(m -> j.oktaGroupById.get(m.sourceGroupId())).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            String joinedBy = source == null ? null : BY_PUSH_MAPPING;
            if (source == null) {
                source = ext.stream().map(j.oktaGroupOnlyById::get).filter(Objects::nonNull).findFirst().orElse(null);
                joinedBy = source == null ? null : BY_EXTERNAL_ID;
            }
            if (source == null && g.displayName() != null) {
                source = j.oktaGroupOnlyByName.get(g.displayName());
                joinedBy = source == null ? null : BY_NAME;
            }
            List<String> idsMembers = j.idsMembersOf(g.groupId());
            boolean known = source != null && oktaMembers.containsKey(source.id());
            List<String> extra = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            if (known) {
                Set<String> oktaSide = new LinkedHashSet<>(oktaMembers.get(source.id()));
                Set<String> idsSideOkta = new LinkedHashSet<>();
                for (String m : idsMembers) {
                    Joins.UserJoin join = j.oktaUserOf(m);
                    if (join == null || !oktaSide.contains(join.oktaUserId())) {
                        extra.add(j.idsUserName(m));
                    }
                    if (join != null) {
                        idsSideOkta.add(join.oktaUserId());
                    }
                }
                for (String o : oktaSide) {
                    if (!idsSideOkta.contains(o)) {
                        OktaSnapshot.User u = j.oktaUserById.get(o);
                        missing.add(u == null || u.login() == null ? o : u.login());
                    }
                }
            }
            out.add(new Views.IdcGroup(g.groupId(), g.displayName(), ext, source == null ? null : source.id(),
                    source == null ? null : source.name(), mine, assignedGroups.contains(g.groupId()),
                    idsMembers.stream().map(j::idsUserName).toList(), known, extra, missing, joinedBy));
        }
        return out;
    }
}
