package dev.idaudit.rules;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A set of loaded rules and framework files: the built-in pack (idaudit/rules in the jar,
 * rules/ in the source tree), optionally with the user's own rule directories. Its digest is
 * the SHA-256 of every file it was loaded from, so findings name exactly the rules that made them.
 */
public final class RulePack {
    static final String BUILT_IN = "idaudit/rules";

    private final List<Rule> rules;
    private final List<Framework> frameworks;
    private final String version;
    private final String digest;

    private RulePack(List<Rule> rules, List<Framework> frameworks, String version, String digest) {
        this.rules = List.copyOf(rules);
        this.frameworks = List.copyOf(frameworks);
        this.version = version;
        this.digest = digest;
    }

    /** The built-in rule pack from the classpath. */
    public static RulePack builtIn() {
        return load(List.of());
    }

    /** The built-in pack plus every rule in {@code extraDirs}; an id defined twice is an error. */
    public static RulePack load(List<Path> extraDirs) {
        Sources sources = new Sources();
        sources.addBuiltIn();
        for (Path dir : extraDirs) {
            sources.addDirectory(dir, false);
        }
        return sources.build();
    }

    /** Only the rules (and framework files) in {@code dir}: for {@code rules validate} and the source tree's tests. */
    public static RulePack directory(Path dir) {
        Sources sources = new Sources();
        sources.addDirectory(dir, true);
        return sources.build();
    }

    public List<Rule> rules() { return rules; }
    public List<Framework> frameworks() { return frameworks; }
    /** The pack version from pack.yaml, with "+custom" when user directories were added. */
    public String version() { return version; }
    /** sha256:<hex> of all files the pack was loaded from. */
    public String digest() { return digest; }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Collects the files of a pack, then loads them in a stable order. */
    private static final class Sources {
        final Map<String, String> ruleFiles = new TreeMap<>(); // display name -> text
        final Map<String, String> frameworkFiles = new TreeMap<>();
        String version;
        boolean custom;

        void addBuiltIn() {
            URL url = RulePack.class.getClassLoader().getResource(BUILT_IN + "/pack.yaml");
            if (url == null) {
                throw new IllegalStateException("the built-in rule pack is missing from the classpath (" + BUILT_IN + ")");
            }
            try {
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    FileSystem fs;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    read(fs.getPath("/" + BUILT_IN), BUILT_IN, true);
                } else {
                    read(Path.of(uri).getParent(), BUILT_IN, true);
                }
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("cannot read the built-in rule pack: " + e.getMessage(), e);
            }
        }

        void addDirectory(Path dir, boolean isPack) {
            if (!Files.isDirectory(dir)) {
                throw new BadInputException(dir + ": not a directory of rules");
            }
            try {
                read(dir, dir.toString(), isPack);
            } catch (IOException e) {
                throw new BadInputException(dir + ": cannot read rules: " + e.getMessage(), e);
            }
            if (!isPack) {
                custom = true;
            }
        }

        private void read(Path dir, String shownAs, boolean isPack) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    String shown = shownAs + "/" + name;
                    if (name.equals("pack.yaml")) {
                        if (isPack) {
                            version = packVersion(TextFiles.read(f, shown, "pack file"), shown);
                        }
                        ruleFiles.put(shown, TextFiles.read(f, shown, "pack file"));
                    } else if (name.endsWith(".yaml") && !name.endsWith(".test.yaml")) {
                        ruleFiles.put(shown, TextFiles.read(f, shown, "rule file"));
                    }
                }
            }
            Path fw = dir.resolve("frameworks");
            if (Files.isDirectory(fw)) {
                try (Stream<Path> files = Files.list(fw)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                        String shown = shownAs + "/frameworks/" + f.getFileName();
                        frameworkFiles.put(shown, TextFiles.read(f, shown, "framework file"));
                    }
                }
            }
        }

        private static String packVersion(String text, String shown) {
            try {
                return dev.idaudit.util.Json.yaml().readTree(text).path("version").asText(null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadInputException(shown + ":" + Rule.line(e) + ": not valid YAML: " + e.getOriginalMessage(), e);
            }
        }

        RulePack build() {
            List<Rule> rules = new ArrayList<>();
            Map<String, String> seen = new LinkedHashMap<>();
            ruleFiles.forEach((file, text) -> {
                if (file.endsWith("/pack.yaml")) {
                    return;
                }
                Rule rule = Rule.parse(text, file);
                String base = file.substring(file.lastIndexOf('/') + 1, file.length() - ".yaml".length());
                if (!rule.id().equals(base)) {
                    throw new BadInputException(file + ":1: rule id '" + rule.id() + "' must equal the file name '" + base + "'");
                }
                String before = seen.put(rule.id(), file);
                if (before != null) {
                    throw new BadInputException(file + ": rule id '" + rule.id() + "' is already defined in " + before);
                }
                rules.add(rule);
            });
            List<Framework> frameworks = new ArrayList<>();
            java.util.Set<String> ids = seen.keySet();
            frameworkFiles.forEach((file, text) -> {
                Framework f = Framework.parse(text, file);
                f.checkRules(ids, file, text);
                frameworks.add(f);
            });
            return new RulePack(rules, frameworks, (version == null ? "unversioned" : version) + (custom ? "+custom" : ""), digest());
        }

        private String digest() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                Map<String, String> all = new TreeMap<>(ruleFiles);
                all.putAll(frameworkFiles);
                all.forEach((name, text) -> {
                    sha.update(name.substring(name.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(text.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                });
                return "sha256:" + HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
