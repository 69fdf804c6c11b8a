package dev.idaudit.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a YAML file starts, by JSON pointer ({@code /reason/fail},
 * {@code /cases/2/name}), so errors about a value can name its line. A block scalar
 * ({@code key: |}) starts on the line after its key.
 */
final class SourceLines {
    private final Map<String, Integer> lines;

    private SourceLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static SourceLines of(String yaml) {
        Map<String, Integer> out = new HashMap<>();
        List<String> text = yaml.lines().toList();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            Deque<Object> path = new ArrayDeque<>(); // String field name or int[] index counter
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    path.removeLast();
                    path.addLast(p.currentName());
                    continue;
                }
                if (!path.isEmpty() && path.peekLast() instanceof int[] idx && t != JsonToken.END_ARRAY) {
                    idx[0]++;
                }
                int line = p.currentTokenLocation().getLineNr();
                if (t.isScalarValue() && line >= 1 && line <= text.size()) {
                    String src = text.get(line - 1).stripTrailing();
                    if (src.matches(".*:\\s*[|>][-+0-9]*")) {
                        line++;
                    }
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    path.removeLast();
                    continue;
                }
                out.put(pointer(path), line);
                if (t == JsonToken.START_OBJECT) {
                    path.addLast("");
                } else if (t == JsonToken.START_ARRAY) {
                    path.addLast(new int[] {-1});
                }
            }
        } catch (IOException e) {
            // The caller parses the same text and reports the syntax error with its line.
        }
        return new SourceLines(out);
    }

    private static String pointer(Deque<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object o : path) {
            sb.append('/').append(o instanceof int[] idx ? String.valueOf(idx[0]) : o);
        }
        return sb.toString();
    }

    /** The line of the value at {@code pointer}, or of its nearest parent; 0 when unknown. */
    int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int cut = p.lastIndexOf('/');
            if (cut <= 0) {
                return lines.getOrDefault("", 0);
            }
            p = p.substring(0, cut);
        }
    }
}
