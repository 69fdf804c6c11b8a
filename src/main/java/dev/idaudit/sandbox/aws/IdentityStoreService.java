package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsWorld.Group;
import dev.idaudit.sandbox.aws.AwsWorld.IdentityStore;
import dev.idaudit.sandbox.aws.AwsWorld.User;
import java.util.List;
import java.util.Map;

/**
 * The Identity Store of an Identity Center instance (identitystore/service-2.json, JSON 1.1,
 * AWSIdentityStore). A store answers only to the account that owns its instance.
 */
final class IdentityStoreService extends JsonService {
    private static final int MAX_RESULTS = 100;

    IdentityStoreService(AwsWorld world, int pageSize) {
        super(world, pageSize);
    }

    @Override
    String targetPrefix() {
        return "AWSIdentityStore";
    }

    @Override
    String serviceName() {
        return "identitystore";
    }

    @Override
    boolean errorsCarryRequestId() {
        return true;
    }

    @Override
    AwsError invalid(String message) {
        return new AwsError("ValidationException", 400, message);
    }

    private static AwsError notFound(String type, String id) {
        return new AwsError("ResourceNotFoundException", 400, type + " not found: " + id, Map.of("ResourceType", type, "ResourceId", id));
    }

    @Override
    ObjectNode call(String operation, Input in, Identity caller) {
        IdentityStore store = store(in.required("IdentityStoreId"), caller);
        return switch (operation) {
            case "ListUsers" -> {
                String userName = filterValue(in, "UserName");
                List<User> users = store.users().stream().filter(u -> userName == null || u.userName().equals(userName)).toList();
                yield pageOutput("Users", page(users, "users:" + store.id() + ":" + userName, in, MAX_RESULTS), u -> user(store, u));
            }
            case "DescribeUser" -> {
                String id = in.required("UserId");
                yield user(store, store.users().stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow(() -> notFound("USER", id)));
            }
            case "ListGroups" -> {
                String displayName = filterValue(in, "DisplayName");
                List<Group> groups = store.groups().stream().filter(g -> displayName == null || g.displayName().equals(displayName)).toList();
                yield pageOutput("Groups", page(groups, "groups:" + store.id() + ":" + displayName, in, MAX_RESULTS), g -> group(store, g));
            }
            case "DescribeGroup" -> group(store, group(store, in.required("GroupId")));
            case "ListGroupMemberships" -> {
                Group group = group(store, in.required("GroupId"));
                yield pageOutput("GroupMemberships", page(group.memberIds(), "members:" + group.id(), in, MAX_RESULTS),
                        userId -> membership(store, group, userId));
            }
            case "ListGroupMembershipsForMember" -> {
                String userId = in.structure("MemberId").required("UserId");
                List<Group> groups = store.groups().stream().filter(g -> g.memberIds().contains(userId)).toList();
                yield pageOutput("GroupMemberships", page(groups, "member-of:" + userId, in, MAX_RESULTS),
                        group -> membership(store, group, userId));
            }
            default -> throw unknownOperation(operation);
        };
    }

    /** The value of the one filter the API still accepts for this list (UserName or DisplayName), or null. */
    private String filterValue(Input in, String attributePath) {
        List<Input> filters = in.list("Filters");
        if (filters.isEmpty()) {
            return null;
        }
        if (filters.size() > 1) {
            throw invalid("Only one filter is supported");
        }
        Input filter = filters.get(0);
        if (!attributePath.equals(filter.required("AttributePath"))) {
            throw invalid("Filtering on " + filter.optional("AttributePath") + " is not supported, only on " + attributePath);
        }
        return filter.required("AttributeValue");
    }

    private ObjectNode user(IdentityStore store, User u) {
        ObjectNode o = object();
        o.put("IdentityStoreId", store.id());
        o.put("UserId", u.id());
        o.put("UserName", u.userName());
        externalIds(o, store, u.externalId());
        o.putObject("Name").put("Formatted", u.displayName()).put("FamilyName", u.familyName()).put("GivenName", u.givenName());
        o.put("DisplayName", u.displayName());
        o.putArray("Emails").addObject().put("Value", u.email()).put("Type", "work").put("Primary", true);
        if (u.status() != null) {
            o.put("UserStatus", u.status());
        }
        put(o, "CreatedAt", u.created());
        put(o, "UpdatedAt", u.created());
        return o;
    }

    private ObjectNode group(IdentityStore store, Group g) {
        ObjectNode o = object();
        o.put("GroupId", g.id());
        o.put("DisplayName", g.displayName());
        externalIds(o, store, g.externalId());
        put(o, "Description", g.description());
        put(o, "CreatedAt", g.created());
        put(o, "UpdatedAt", g.created());
        o.put("IdentityStoreId", store.id());
        return o;
    }

    private static ObjectNode membership(IdentityStore store, Group group, String userId) {
        ObjectNode m = object();
        m.put("IdentityStoreId", store.id());
        m.put("MembershipId", Ids.uuid(group.id() + "/" + userId));
        m.put("GroupId", group.id());
        m.putObject("MemberId").put("UserId", userId);
        return m;
    }

    private static void externalIds(ObjectNode o, IdentityStore store, String externalId) {
        if (externalId != null) {
            ArrayNode ids = o.putArray("ExternalIds");
            ids.addObject().put("Issuer", store.externalIssuer()).put("Id", externalId);
        }
    }

    private Group group(IdentityStore store, String id) {
        return store.groups().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow(() -> notFound("GROUP", id));
    }

    private IdentityStore store(String id, Identity caller) {
        IdentityStore store = world.identityStores.get(id);
        if (store == null) {
            throw notFound("IDENTITY_STORE", id);
        }
        boolean owned = world.instances.stream().anyMatch(i -> i.identityStoreId().equals(id) && i.ownerAccountId().equals(caller.accountId()));
        if (!owned) {
            throw new AwsError("AccessDeniedException", 400, "User: " + caller.arn() + " is not authorized to access identity store " + id);
        }
        return store;
    }
}
