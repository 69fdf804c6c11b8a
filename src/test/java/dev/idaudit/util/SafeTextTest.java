package dev.idaudit.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    /** Every character SafeText must escape, by the ranges its documentation names. */
    static boolean controlOrBidi(char c) {
        return c <= 0x1F || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    @Property(tries = 2000)
    void aOneLineFieldHoldsNoControlOrBidiCharacter(@ForAll String s) {
        String line = SafeText.line(s);
        assertFalse(line.chars().anyMatch(c -> controlOrBidi((char) c)), line);
    }

    @Property(tries = 2000)
    void aTextFieldKeepsOnlyTabAndLineBreaks(@ForAll String s) {
        String text = SafeText.text(s);
        assertFalse(text.chars().anyMatch(c -> controlOrBidi((char) c) && c != '\t' && c != '\n' && c != '\r'), text);
        assertEquals(s.chars().filter(c -> c == '\n').count(), text.chars().filter(c -> c == '\n').count());
    }

    @Property(tries = 2000)
    void eachEscapedCharacterBecomesItsUnicodeEscapeAndTheRestIsKept(@ForAll String s) {
        StringBuilder expected = new StringBuilder();
        s.chars().forEach(c -> expected.append(controlOrBidi((char) c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        assertEquals(expected.toString(), SafeText.line(s));
    }

    @Test
    void escapesEscBelSohAndTheRightToLeftOverride() {
        assertEquals("a\\u001b[31mb\\u0007c\\u0001d\\u202ee\\u2066f\\u0085g\\u007fh\\u000ai", SafeText.line("a\u001b[31mb\u0007c\u0001d\u202ee\u2066f\u0085g\u007fh\ni"));
        assertEquals("tab\tand\nline", SafeText.text("tab\tand\nline"));
        assertEquals("tab\\u0009", SafeText.line("tab\t"));
        assertTrue(SafeText.line(null) == null && SafeText.text(null) == null);
    }
}
