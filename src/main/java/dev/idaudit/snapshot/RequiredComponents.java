package dev.idaudit.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idaudit.util.BadInputException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces {@link Required} where a snapshot crosses a boundary: a snapshot file that lacks a
 * required component is bad input ({@link #check}, called by {@link SnapshotIO#read}), and a
 * collection leaves out a record that an API answered without one, recording a collection issue
 * for its section ({@link #withoutIncompleteRecords}), so that what is written can always be read.
 * Both walk the records as declared, so a new {@code @Required} component is enforced by both.
 */
public final class RequiredComponents {
    private RequiredComponents() {}

    /** The collection issue's error code for records left out. */
    public static final String MISSING_IDENTIFIER = "MissingIdentifier";
    /** The collection issue's api for records left out: the call is not known where they are found. */
    public static final String COLLECTION_API = "collection";
    /** How many paths one message names; the rest are counted. */
    private static final int SHOWN = 3;

    private enum Shape { SCALAR, RECORD, LIST, MAP }

    /**
     * One component of a record type as the walks need it.
     *
     * @param element for RECORD the record type; for LIST and MAP the element or value type when it is a record, else null
     */
    private record Component(RecordComponent component, boolean required, Shape shape, Class<?> element) {
        String name() {
            return component.getName();
        }

        Object valueOf(Object record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(RequiredComponents::component).toList();
        }
    };

    private static Component component(RecordComponent rc) {
        boolean required = rc.isAnnotationPresent(Required.class);
        Type t = rc.getGenericType();
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return new Component(rc, required, Shape.LIST, recordOrNull(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new Component(rc, required, Shape.MAP, recordOrNull(args[1]));
            }
        }
        Class<?> c = rc.getType();
        return c.isRecord() ? new Component(rc, required, Shape.RECORD, c) : new Component(rc, required, Shape.SCALAR, null);
    }

    private static Class<?> recordOrNull(Type t) {
        return t instanceof Class<?> c && c.isRecord() ? c : null;
    }

    // ---------------------------------------------------------------- reading a file

    /**
     * Checks a snapshot's JSON tree before it is bound to records: every required component is
     * present and not null, and no list or map holds a null.
     *
     * @param name the file, for the message
     * @throws BadInputException naming the file and the JSON path of the first few problems, and how many there are
     */
    static void check(JsonNode tree, String name) {
        Problems problems = new Problems();
        checkRecord(tree, Snapshot.class, "", problems);
        if (problems.count > 0) {
            throw new BadInputException(name + ": " + String.join("; ", problems.shown)
                    + (problems.count > SHOWN ? "; and " + (problems.count - SHOWN) + " more" : ""));
        }
    }

    private static final class Problems {
        final List<String> shown = new ArrayList<>();
        int count;

        void add(String problem) {
            if (count++ < SHOWN) {
                shown.add(problem);
            }
        }
    }

    private static void checkRecord(JsonNode node, Class<?> type, String path, Problems problems) {
        for (Component c : COMPONENTS.get(type)) {
            String at = path.isEmpty() ? c.name() : path + "." + c.name();
            JsonNode value = node.get(c.name());
            if (value == null || value.isNull()) {
                if (c.required()) {
                    problems.add(at + (value == null ? " is missing" : " is null") + " (every " + type.getSimpleName()
                            + " record needs its " + c.name() + ")");
                }
                continue;
            }
            // A value of the wrong type is left for the binding to report.
            switch (c.shape()) {
                case RECORD -> {
                    if (value.isObject()) {
                        checkRecord(value, c.element(), at, problems);
                    }
                }
                case LIST -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            checkElement(value.get(i), c.element(), at + "[" + i + "]", "a list", problems);
                        }
                    }
                }
                case MAP -> {
                    if (value.isObject()) {
                        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                            Map.Entry<String, JsonNode> e = it.next();
                            checkElement(e.getValue(), c.element(), at + "[\"" + e.getKey() + "\"]", "a map", problems);
                        }
                    }
                }
                case SCALAR -> { }
            }
        }
    }

    private static void checkElement(JsonNode element, Class<?> recordType, String at, String container, Problems problems) {
        if (element.isNull()) {
            problems.add(at + " is null (" + container + " holds no nulls)");
        } else if (recordType != null && element.isObject()) {
            checkRecord(element, recordType, at, problems);
        }
    }

    // ---------------------------------------------------------------- assembling a collection

    /**
     * The snapshot without the Okta and AWS records that lack a required component (a hostile or
     * broken API answer), each kind of omission recorded as one collection issue of the record's
     * section (for its member account or Okta app), so that rules needing that section are not
     * evaluated rather than passed. The snapshot itself when nothing is missing.
     */
    public static Snapshot withoutIncompleteRecords(Snapshot snapshot) {
        List<Dropped> dropped = new ArrayList<>();
        OktaSnapshot okta = prune(snapshot.okta(), "okta", new Scope(null, null), dropped);
        AwsSnapshot aws = prune(snapshot.aws(), "aws", new Scope(null, null), dropped);
        if (dropped.isEmpty()) {
            return snapshot;
        }
        List<CollectionIssue> issues = new ArrayList<>(snapshot.collectionIssues());
        issues.addAll(issues(dropped));
        return new Snapshot(snapshot.schemaVersion(), snapshot.metadata(), okta, aws, issues);
    }

    /** The member account and Okta app a record belongs to, for its issue. */
    private record Scope(String accountId, String appId) {
        Scope enter(Object record) {
            if (record instanceof AwsSnapshot.MemberAccount m) {
                return new Scope(m.accountId(), appId);
            }
            if (record instanceof OktaSnapshot.AwsApp a) {
                return new Scope(accountId, a.id());
            }
            return this;
        }
    }

    /** A record left out: where it was, and the first required component it lacked. */
    private record Dropped(String path, String section, Scope scope, Class<?> type, String component) {}

    /** {@code record} with its incomplete records left out (rebuilt only when something was); null stays null. */
    @SuppressWarnings("unchecked")
    private static <T> T prune(T record, String path, Scope scope, List<Dropped> dropped) {
        if (record == null) {
            return null;
        }
        Scope inner = scope.enter(record);
        List<Component> components = COMPONENTS.get(record.getClass());
        Object[] values = new Object[components.size()];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            Component c = components.get(i);
            Object value = c.valueOf(record);
            String at = path + "." + c.name();
            Object kept = value;
            if (c.shape() == Shape.RECORD && value != null) {
                kept = keep(value, at, at, inner, dropped) ? prune(value, at, inner, dropped) : null;
            } else if (c.shape() == Shape.LIST && c.element() != null && value != null) {
                List<Object> list = new ArrayList<>();
                List<?> before = (List<?>) value;
                boolean listChanged = false;
                for (int j = 0; j < before.size(); j++) {
                    Object element = before.get(j);
                    String elementAt = at + "[" + j + "]";
                    if (keep(element, elementAt, at, inner, dropped)) {
                        Object pruned = prune(element, elementAt, inner, dropped);
                        listChanged |= pruned != element;
                        list.add(pruned);
                    } else {
                        listChanged = true;
                    }
                }
                kept = listChanged ? list : value;
            }
            changed |= kept != value;
            values[i] = kept;
        }
        return changed ? (T) construct(record.getClass(), components, values) : record;
    }

    /** False (and the omission recorded) when {@code record} lacks a required component. */
    private static boolean keep(Object record, String path, String listPath, Scope scope, List<Dropped> dropped) {
        for (Component c : COMPONENTS.get(record.getClass())) {
            if (c.required() && c.valueOf(record) == null) {
                dropped.add(new Dropped(path, section(listPath), scope.enter(record), record.getClass(), c.name()));
                return false;
            }
        }
        return true;
    }

    private static Object construct(Class<?> type, List<Component> components, Object[] values) {
        Class<?>[] types = components.stream().map(c -> c.component().getType()).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getName(), e);
        }
    }

    /** The section of a path such as {@code aws.identityCenter.permissionSets[2].awsManagedPolicies}: the nearest one {@link Sections} names. */
    private static String section(String path) {
        String s = path.replaceAll("\\[\\d+]", "");
        while (!Sections.ALL.contains(s) && s.contains(".")) {
            s = s.substring(0, s.lastIndexOf('.'));
        }
        return s;
    }

    private static List<CollectionIssue> issues(List<Dropped> dropped) {
        Map<List<Object>, List<Dropped>> byKind = new LinkedHashMap<>();
        for (Dropped d : dropped) {
            byKind.computeIfAbsent(List.of(d.section(), String.valueOf(d.scope()), d.type(), d.component()), k -> new ArrayList<>()).add(d);
        }
        List<CollectionIssue> issues = new ArrayList<>();
        for (List<Dropped> same : byKind.values()) {
            Dropped first = same.get(0);
            List<String> paths = same.stream().limit(SHOWN).map(Dropped::path).toList();
            String message = same.size() + " " + first.type().getSimpleName()
                    + (same.size() == 1 ? " record was answered without its " : " records were answered without their ")
                    + first.component() + " and left out: " + String.join(", ", paths)
                    + (same.size() > SHOWN ? " and " + (same.size() - SHOWN) + " more" : "");
            issues.add(new CollectionIssue(first.section(), first.scope().accountId(), first.scope().appId(), COLLECTION_API,
                    MISSING_IDENTIFIER, message));
        }
        return issues;
    }
}
