package dev.idaudit.report.xlsx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.File;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Example;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/** Our sheet writer must put into the file exactly what POI's would: it only writes faster. */
class RunWritingSheetDataWriterTest {

    /** POI's writer, with its escaper and its temporary file reachable from here. */
    private static final class PoiWriter extends SheetDataWriter {
        PoiWriter() throws IOException {
            super();
        }

        void escape(String s) throws IOException {
            outputEscapedString(s);
        }

        File file() {
            return getTempFile();
        }
    }

    private static final class OurWriter extends RunWritingSheetDataWriter {
        OurWriter() throws IOException {
            super();
        }

        File file() {
            return getTempFile();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        // XML specials, controls, no-break space, non-characters, lone and paired surrogates, and long runs (past the buffer).
        Arbitrary<Character> awkward = Arbitraries.of('<', '>', '&', '"', '\'', '\n', '\r', '\t', '\u0000', '\u0001', '\u001f', ' ',
                '\u00a0', '\uFFFE', '\uFFFF', '\uD83D', '\uDE00', 'é', '→', '=', 'a');
        Arbitrary<Character> any = Arbitraries.chars().all();
        Arbitrary<String> shortText = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, awkward), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(40).map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<String> longText = Arbitraries.strings().withChars("ab<&\n").ofMinLength(70_000).ofMaxLength(140_000);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, shortText), net.jqwik.api.Tuple.of(1, longText));
    }

    @Property(tries = 300)
    void writesWhatPoiWrites(@ForAll("texts") String a, @ForAll("texts") String b) throws IOException {
        assertEquals(poi(a, b), ours(a, b));
    }

    @Example
    void escapesLikePoi() throws IOException {
        String text = "=1+1 <b>&\"x\"</b>\t\r\n\u00a0\u0007\uFFFE😀\uD800z";
        // A lone surrogate cannot be UTF-8: the file's encoder writes '?' for it, in POI's writer as in ours.
        assertEquals("=1+1 &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;&#x9;&#xd;&#xa;&#xa0;??😀?z", ours(text));
        assertEquals(poi(text), ours(text));
    }

    private static String poi(String... texts) throws IOException {
        PoiWriter w = new PoiWriter();
        for (String t : texts) {
            w.escape(t);
        }
        return written(w, w.file());
    }

    private static String ours(String... texts) throws IOException {
        OurWriter w = new OurWriter();
        for (String t : texts) {
            w.outputEscapedString(t);
        }
        return written(w, w.file());
    }

    private static String written(SheetDataWriter w, File file) throws IOException {
        try {
            w.close();
            w.close(); // POI closes a sheet's writer twice; the second must change nothing
            return Files.readString(file.toPath(), StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }
}
