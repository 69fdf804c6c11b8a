package dev.idaudit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One way to break a valid input file, as the fuzz tests apply it: truncation, a changed byte,
 * an inserted token, a type swapped, deep nesting, a huge string, a YAML alias bomb, NUL bytes
 * and wrong encodings. Shared by every reader's property so that each meets the same abuse.
 */
record Mutation(Kind kind, double where, int value, String token) {
    enum Kind { TRUNCATE, CHANGE_BYTE, INSERT, SWAP_TYPE, DEEP_NESTING, HUGE_STRING, ALIAS_BOMB, NUL_BYTES, LATIN1, UTF16 }

    /** Tokens that mean something to YAML or JSON parsers, or to our readers. */
    private static final String[] TOKENS = {":", "- ", "[", "]", "{", "}", "\n", "  ", "&a ", "*a", "!!binary ", "!!java.io.File ",
            "\"", "'", "~", "null", "12", "-1", "1e999", "99999999999999999999", "true", "\t", "#", "? ", "|", ">", "%", "@", "`",
            "\u0000", "\uFEFF", "\u202E", "<<: *a", ",", "\\u0000", "\\ud800"};

    /** Values that replace a scalar: every other JSON/YAML type. */
    private static final String[] SWAPS = {"[]", "{}", "42", "-7", "3.5", "true", "null", "\"s\"", "[1, [2]]", "{\"a\": 1}", "\"\""};

    static Arbitrary<Mutation> any() {
        return Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l)))
                .as(Mutation::new);
    }

    byte[] apply(byte[] valid) {
        int at = (int) Math.min(valid.length, Math.floor(where * (valid.length + 1)));
        String text = new String(valid, StandardCharsets.UTF_8);
        int textAt = (int) Math.min(text.length(), Math.floor(where * (text.length() + 1)));
        return switch (kind) {
            case TRUNCATE -> Arrays.copyOf(valid, at);
            case CHANGE_BYTE -> {
                byte[] out = valid.clone();
                if (out.length > 0) {
                    out[Math.min(at, out.length - 1)] = (byte) value;
                }
                yield out;
            }
            case INSERT -> utf8(text.substring(0, textAt) + token + text.substring(textAt));
            case SWAP_TYPE -> utf8(swapValue(text, textAt, SWAPS[value % SWAPS.length]));
            case DEEP_NESTING -> utf8(text.substring(0, textAt) + (value % 2 == 0 ? "[".repeat(5000) : "{\"a\":".repeat(5000))
                    + text.substring(textAt));
            case HUGE_STRING -> utf8(swapValue(text, textAt, "\"" + "x".repeat(1 << 20) + "\""));
            case ALIAS_BOMB -> utf8(aliasBomb() + text);
            case NUL_BYTES -> utf8(text.substring(0, textAt) + "\u0000".repeat(1 + value % 8) + text.substring(textAt));
            case LATIN1 -> (text.substring(0, textAt) + "\u00e9\u00ff" + text.substring(textAt)).getBytes(StandardCharsets.ISO_8859_1);
            case UTF16 -> text.getBytes(value % 2 == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
        };
    }

    /** Replaces the value after the first ": " at or after {@code from} (a scalar up to the end of its line, comma or brace). */
    private static String swapValue(String text, int from, String replacement) {
        int colon = text.indexOf(": ", from);
        if (colon < 0) {
            colon = text.indexOf(": ");
        }
        if (colon < 0) {
            return replacement + text;
        }
        int start = colon + 2;
        int end = start;
        while (end < text.length() && "\n,}]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(0, start) + replacement + text.substring(end);
    }

    /** The billion-laughs document: nine levels of aliases, each ten times the one before. */
    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("a0: &a0 [\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            b.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return kind + " at " + where + " value " + value + " token " + token.replace("\u0000", "\\0");
    }
}
