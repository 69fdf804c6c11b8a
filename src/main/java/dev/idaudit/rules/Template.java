package dev.idaudit.rules;

import dev.cel.bundle.Cel;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A reason template: literal text with {@code ${cel}} parts, compiled once, rendered per resource. */
final class Template {
    /** Compiled once: render runs for every finding. */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    private final List<Object> parts; // String literal or CelSupport.Compiled

    private Template(List<Object> parts) {
        this.parts = parts;
    }

    static Template compile(Cel cel, String text, String file, int line, String field) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                parts.add(text.substring(i));
                break;
            }
            parts.add(text.substring(i, start));
            int end = closing(text, start + 2);
            if (end < 0) {
                throw new dev.idaudit.util.BadInputException(file + ":" + line + ": " + field + ": unclosed ${ in \"" + text.strip() + "\"");
            }
            parts.add(CelSupport.compile(cel, text.substring(start + 2, end), file, line, field, null));
            i = end + 1;
        }
        return new Template(parts);
    }

    /** What the template's expressions read from the model. */
    Reads reads() {
        Reads out = Reads.NONE;
        for (Object p : parts) {
            if (p instanceof CelSupport.Compiled c) {
                out = out.plus(c.reads());
            }
        }
        return out;
    }

    /** The template's compiled expressions, in order. */
    List<CelSupport.Compiled> expressions() {
        return parts.stream().filter(p -> p instanceof CelSupport.Compiled).map(p -> (CelSupport.Compiled) p).toList();
    }

    /** The index of the } that closes an expression starting at {@code from}, skipping nested braces and strings. */
    private static int closing(String s, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    String render(java.util.function.Function<String, Object> vars, EvaluationBudget budget) throws CelEvaluationException {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                sb.append(text(((CelSupport.Compiled) p).eval(vars, budget)));
            }
        }
        return WHITESPACE.matcher(sb.toString().strip()).replaceAll(" ");
    }

    /** CEL values as a reader wants them: lists joined with ", ", null as "(none)". */
    static String text(Object v) {
        if (v == null || v instanceof dev.cel.common.values.NullValue || v instanceof com.google.protobuf.NullValue) {
            return "(none)";
        }
        if (v instanceof Collection<?> c) {
            List<String> out = new ArrayList<>();
            c.forEach(o -> out.add(text(o)));
            return out.isEmpty() ? "(none)" : String.join(", ", out);
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }
}
