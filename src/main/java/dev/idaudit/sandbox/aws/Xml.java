package dev.idaudit.sandbox.aws;

import java.time.Instant;

/** Writes the small XML documents of the AWS Query protocol; absent (null) values are left out. */
final class Xml {
    private final StringBuilder sb = new StringBuilder();

    Xml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    Xml open(String name, String xmlns) {
        sb.append('<').append(name).append(" xmlns=\"").append(escape(xmlns)).append("\">");
        return this;
    }

    Xml close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    Xml element(String name, String value) {
        if (value != null) {
            open(name);
            sb.append(escape(value));
            close(name);
        }
        return this;
    }

    Xml element(String name, Instant value) {
        return value == null ? this : element(name, Wire.iso(value));
    }

    Xml element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    Xml element(String name, int value) {
        return element(name, Integer.toString(value));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
