package dev.idaudit.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Checks a run directory against its manifest: every hash recomputed, every file accounted for. */
public final class EvidenceVerifier {
    private EvidenceVerifier() {}

    /**
     * What differs from the manifest. A file is <em>changed</em> when its content no longer has
     * the recorded SHA-256 (or size), <em>removed</em> when it is listed but gone, <em>added</em>
     * when it is there but not listed.
     */
    public record Verification(Path runDir, String runId, int filesChecked, List<String> changed, List<String> added,
            List<String> removed) {
        public Verification {
            changed = List.copyOf(changed);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }

        public boolean ok() {
            return changed.isEmpty() && added.isEmpty() && removed.isEmpty();
        }
    }

    public static Verification verify(Path runDir) throws IOException {
        Manifest manifest = Manifest.read(runDir);
        Map<String, Manifest.FileEntry> listed = new HashMap<>();
        manifest.files().forEach(f -> listed.put(f.path(), f));
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(runDir)) {
            walk.filter(Files::isRegularFile).map(p -> Digests.relative(runDir, p)).filter(p -> !p.equals(Manifest.FILE_NAME))
                    .forEach(present::add);
        }
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String path : present) {
            Manifest.FileEntry entry = listed.get(path);
            if (entry == null) {
                added.add(path);
                continue;
            }
            Path file = runDir.resolve(path);
            if (Files.size(file) != entry.size() || !Digests.sha256Hex(file).equals(entry.sha256())) {
                changed.add(path);
            }
        }
        new TreeSet<>(listed.keySet()).stream().filter(p -> !present.contains(p)).forEach(removed::add);
        return new Verification(runDir, manifest.runId(), manifest.files().size(), changed, added, removed);
    }
}
