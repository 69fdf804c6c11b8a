package dev.idaudit.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read into instructions, enough to check its structure without a Docker engine:
 * comments and blank lines dropped, backslash continuations joined, each instruction tagged with
 * its build stage (-1 for ARGs before the first FROM).
 */
record Dockerfile(List<Instruction> instructions) {

    record Instruction(int stage, String keyword, String arguments, int line) {}

    static Dockerfile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Instruction> out = new ArrayList<>();
        int stage = -1;
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (pending == null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (pending != null && trimmed.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continues = trimmed.endsWith("\\");
            pending.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String text = pending.toString().strip();
                int space = text.indexOf(' ');
                String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
                String args = space < 0 ? "" : text.substring(space + 1).strip();
                if (keyword.equals("FROM")) {
                    stage++;
                }
                out.add(new Instruction(stage, keyword, args, start));
                pending = null;
            }
        }
        if (pending != null) {
            throw new AssertionError(file + ":" + start + ": the last instruction ends with a continuation");
        }
        return new Dockerfile(List.copyOf(out));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    List<Instruction> inStage(int stage, String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == stage).toList();
    }

    int lastStage() {
        return all("FROM").size() - 1;
    }

    /** The default of a global ARG (declared before the first FROM), or null. */
    String globalArgDefault(String name) {
        for (Instruction i : inStage(-1, "ARG")) {
            if (i.arguments().startsWith(name + "=")) {
                return i.arguments().substring(name.length() + 1);
            }
        }
        return null;
    }
}
