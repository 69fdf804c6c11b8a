package dev.idaudit.util;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML document read with line numbers, for files a person writes (config, waivers): every
 * error names the file, the line and the dotted key, e.g. {@code idaudit.yaml:7: okta.orgUrl: ...}.
 * Anchors and aliases are refused (they have no use in these files and enable YAML bombs), and so
 * are type tags such as {@code !!java.net.URL}.
 */
public final class YamlFile {
    private final String fileName;

    private YamlFile(String fileName) {
        this.fileName = fileName;
    }

    /** A node of the document: its dotted path and line, for messages. */
    public final class Entry {
        private final Node node;
        private final String path;

        Entry(Node node, String path) {
            this.node = node;
            this.path = path;
        }

        public String path() {
            return path;
        }

        public int line() {
            return node.getStartMark().getLine() + 1;
        }

        /** "file:line", for a message made later (e.g. once the rule pack is known). */
        public String location() {
            return fileName + ":" + line();
        }

        public BadInputException error(String what) {
            return new BadInputException(fileName + ":" + line() + ": " + (path.isEmpty() ? "" : path + ": ") + what);
        }

        public boolean isNull() {
            return node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null") || s.getValue().equals("~"))
                    && s.getTag().getValue().endsWith(":null");
        }

        /** The entries of a mapping, in file order; fails on keys not in {@code allowed}. */
        public Map<String, Entry> mapping(Set<String> allowed) {
            Map<String, Entry> all = mapping();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (!allowed.contains(key)) {
                    // at the key's line: its value may start lines below
                    throw new Entry(t.getKeyNode(), all.get(key).path()).error("unknown key '" + key + "'" + suggestion(key, allowed)
                            + " (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
            return all;
        }

        /** The entries of a mapping with any keys (e.g. rule ids), in file order. */
        public Map<String, Entry> mapping() {
            if (!(node instanceof MappingNode m)) {
                throw error("expected a mapping (key: value lines)");
            }
            Map<String, Entry> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new Entry(t.getKeyNode(), path).error("keys must be plain words");
                }
                String child = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
                if (out.put(k.getValue(), new Entry(t.getValueNode(), child)) != null) {
                    throw new Entry(t.getKeyNode(), child).error("duplicate key");
                }
            }
            return out;
        }

        public List<Entry> list() {
            if (!(node instanceof SequenceNode s)) {
                throw error("expected a list");
            }
            List<Entry> out = new ArrayList<>();
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(new Entry(s.getValue().get(i), path + "[" + i + "]"));
            }
            return out;
        }

        public String text() {
            if (!(node instanceof ScalarNode s)) {
                throw error("expected a single value");
            }
            return s.getValue();
        }

        public List<String> texts() {
            return list().stream().map(Entry::text).toList();
        }

        public int integer() {
            try {
                return Integer.parseInt(text().trim());
            } catch (NumberFormatException e) {
                throw error("expected a whole number, got '" + text() + "'");
            }
        }

        public boolean bool() {
            return switch (text().trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error("expected true or false, got '" + text() + "'");
            };
        }

        /** The value as plain Java (String, Long, Double, Boolean, List, Map) for free-form sections. */
        public Object plain() {
            if (node instanceof MappingNode) {
                Map<String, Object> out = new LinkedHashMap<>();
                mapping().forEach((k, v) -> out.put(k, v.plain()));
                return out;
            }
            if (node instanceof SequenceNode) {
                return list().stream().map(Entry::plain).toList();
            }
            if (isNull()) {
                return null;
            }
            String tag = node.getTag().getValue();
            String v = text();
            if (tag.endsWith(":int")) {
                return Long.parseLong(v);
            }
            if (tag.endsWith(":float")) {
                return Double.parseDouble(v);
            }
            if (tag.endsWith(":bool")) {
                return Boolean.parseBoolean(v);
            }
            return v;
        }
    }

    /** Reads a YAML file; an empty file is an empty mapping. */
    public static Entry read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static Entry parse(Reader reader, String fileName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // Not 0: SnakeYAML then fails on the first collection alias without a line. Composing keeps an
        // alias as a shared node (nothing expands), and refuseTags refuses its anchor at its line.
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(16 * 1024 * 1024);
        YamlFile doc = new YamlFile(fileName);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new BadInputException(fileName + ":" + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new BadInputException(fileName + ": not UTF-8 text; save the file as UTF-8", e);
            }
            throw new BadInputException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
        refuseTags(root, fileName);
        if (root == null) {
            root = new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        }
        return doc.new Entry(root, "");
    }

    /** The tags plain YAML resolves to; anything else ({@code !!java...}, {@code !custom}) has no meaning in our files. */
    private static final Set<org.yaml.snakeyaml.nodes.Tag> PLAIN_TAGS = Set.of(org.yaml.snakeyaml.nodes.Tag.STR,
            org.yaml.snakeyaml.nodes.Tag.INT, org.yaml.snakeyaml.nodes.Tag.FLOAT, org.yaml.snakeyaml.nodes.Tag.BOOL,
            org.yaml.snakeyaml.nodes.Tag.NULL, org.yaml.snakeyaml.nodes.Tag.MAP, org.yaml.snakeyaml.nodes.Tag.SEQ,
            org.yaml.snakeyaml.nodes.Tag.TIMESTAMP);

    /** A file that names a type tag is refused at its line, not passed silently (it is never constructed either). */
    private static void refuseTags(Node node, String fileName) {
        if (node == null) {
            return;
        }
        if (node.getAnchor() != null) {
            // a scalar alias passes SnakeYAML's collection-alias limit: refuse the anchor every alias needs
            throw new BadInputException(fileName + ":" + (node.getStartMark().getLine() + 1) + ": YAML anchors and aliases (&"
                    + node.getAnchor() + ") are not allowed; write the value out");
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            throw new BadInputException(fileName + ":" + (node.getStartMark().getLine() + 1) + ": the YAML tag " + node.getTag().getValue()
                    + " is not allowed here (write plain values)");
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                refuseTags(t.getKeyNode(), fileName);
                refuseTags(t.getValueNode(), fileName);
            }
        } else if (node instanceof SequenceNode sq) {
            sq.getValue().forEach(n -> refuseTags(n, fileName));
        }
    }

    private static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(), a.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
