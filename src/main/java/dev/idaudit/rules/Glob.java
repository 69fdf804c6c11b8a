package dev.idaudit.rules;

import java.util.regex.Pattern;

/** Shell-style patterns for resource ids (waivers, rule expressions): {@code *} any run of characters, {@code ?} one. */
public final class Glob {
    private Glob() {}

    public static boolean matches(String pattern, String text) {
        if (pattern == null || text == null) {
            return false;
        }
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    public static boolean isPattern(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }
}
