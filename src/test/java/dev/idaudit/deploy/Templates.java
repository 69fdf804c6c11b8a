package dev.idaudit.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the deployment templates as plain maps and lists, and walks them. */
final class Templates {
    private Templates() {}

    /** Every document of a YAML file (Kubernetes manifests hold several). */
    static List<Object> yamlDocuments(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object> docs = new ArrayList<>();
            new Yaml(new SafeConstructor(options())).loadAll(r).forEach(docs::add);
            return docs;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        List<Object> docs = yamlDocuments(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new AssertionError(file + ": expected one YAML mapping, got " + docs.size() + " documents");
        }
        return (Map<String, Object>) docs.get(0);
    }

    /** A CloudFormation template, short-form tags (!Ref, !Sub, !GetAtt ...) read as their long form. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cloudFormation(String text) {
        return (Map<String, Object>) new Yaml(new CloudFormationConstructor(options())).load(text);
    }

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        return o;
    }

    /**
     * {@code !Ref X} becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}
     * and any other {@code !Name v} becomes {@code {Fn::Name: v}}, as CloudFormation reads them.
     */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String name = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode s) {
                        value = constructScalar(s);
                    } else if (node instanceof SequenceNode q) {
                        value = constructSequence(q);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    if (name.equals("Ref")) {
                        return Map.of("Ref", value);
                    }
                    if (name.equals("GetAtt") && value instanceof String s) {
                        int dot = s.indexOf('.');
                        return Map.of("Fn::GetAtt", List.of(s.substring(0, dot), s.substring(dot + 1)));
                    }
                    return Map.of("Fn::" + name, value);
                }
            });
        }
    }

    /** The value at a path of keys (String) and list indexes (Integer); fails naming the path when absent. */
    static Object at(Object root, Object... path) {
        Object cur = root;
        StringBuilder where = new StringBuilder();
        for (Object step : path) {
            where.append('/').append(step);
            if (step instanceof Integer i && cur instanceof List<?> l && i < l.size()) {
                cur = l.get(i);
            } else if (cur instanceof Map<?, ?> m && m.containsKey(step)) {
                cur = m.get(step);
            } else {
                throw new AssertionError("missing " + where);
            }
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, Object... path) {
        Object v = at(root, path);
        if (!(v instanceof Map)) {
            throw new AssertionError("not a mapping at " + List.of(path) + ": " + v);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object root, Object... path) {
        Object v = at(root, path);
        if (!(v instanceof List)) {
            throw new AssertionError("not a list at " + List.of(path) + ": " + v);
        }
        return (List<Object>) v;
    }

    /** A value that may be one item or a list of items (IAM Action, Resource), as a list. */
    static List<Object> oneOrMany(Object v) {
        return v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
    }

    /** Every mapping in a tree, depth first: for checks that hold wherever a key appears. */
    static List<Map<String, Object>> allMappings(Object root) {
        List<Map<String, Object>> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> m) {
            out.add((Map<String, Object>) m);
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    /** A copy of a tree of maps and lists that tests may change. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return node;
    }
}
