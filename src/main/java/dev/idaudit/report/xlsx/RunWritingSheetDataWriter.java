package dev.idaudit.report.xlsx;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * POI's streaming sheet writer, made faster for large reports. POI's own escapes a cell's text
 * one code point at a time, allocating a char array for each and writing each to a
 * {@link java.io.BufferedWriter}, which takes a lock on every call: on a large report (98,000
 * findings, 1.4 million text cells) that was half the time of the Excel file. This one writes the
 * runs of characters that need no escaping in one call, to a buffer that takes no lock (one
 * thread writes a sheet).
 * The output is POI's, byte for byte (RunWritingSheetDataWriterTest compares them): the five XML
 * specials, tab, CR, LF and no-break space as references, other control characters and the
 * non-characters U+FFFE and U+FFFF as '?', everything else (surrogate pairs included) as it is.
 */
class RunWritingSheetDataWriter extends SheetDataWriter {
    RunWritingSheetDataWriter() throws IOException {
        super();
    }

    /** As POI's (the temporary file, UTF-8), with a buffer that takes no lock. */
    @Override
    public Writer createWriter(File file) throws IOException {
        FileOutputStream out = new FileOutputStream(file);
        try {
            return new UnlockedBufferedWriter(new OutputStreamWriter(decorateOutputStream(out), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    protected void outputEscapedString(String s) throws IOException {
        if (s == null || s.isEmpty()) {
            return;
        }
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            String escaped = escape(s.charAt(i));
            if (escaped != null) {
                _out.write(s, run, i - run);
                _out.write(escaped);
                run = i + 1;
            }
        }
        _out.write(s, run, s.length() - run);
    }

    /** What POI writes for {@code c} in place of it, or null when c goes out as it is. */
    private static String escape(char c) {
        return switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\n' -> "&#xa;";
            case '\r' -> "&#xd;";
            case '\t' -> "&#x9;";
            case '\u00a0' -> "&#xa0;";
            default -> c < ' ' || c >= '\uFFFE' ? "?" : null;
        };
    }

    /** A buffered writer for one thread: BufferedWriter's lock, taken on each of millions of small writes, costs more than the writing. */
    private static final class UnlockedBufferedWriter extends Writer {
        private final Writer out;
        private final char[] buffer = new char[1 << 16];
        private int used;
        private boolean closed;

        UnlockedBufferedWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(int c) throws IOException {
            if (used == buffer.length) {
                flushBuffer();
            }
            buffer[used++] = (char) c;
        }

        @Override
        public void write(String s) throws IOException {
            write(s, 0, s.length());
        }

        @Override
        public void write(String s, int offset, int length) throws IOException {
            while (length > 0) {
                if (used == buffer.length) {
                    flushBuffer();
                }
                int n = Math.min(length, buffer.length - used);
                s.getChars(offset, offset + n, buffer, used);
                used += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            while (length > 0) {
                if (used == buffer.length) {
                    flushBuffer();
                }
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(chars, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        private void flushBuffer() throws IOException {
            out.write(buffer, 0, used);
            used = 0;
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
            out.flush();
        }

        /** POI closes a sheet's writer more than once (when it writes the sheet, then on dispose): like BufferedWriter, later closes do nothing. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flushBuffer();
            } finally {
                out.close();
            }
        }
    }
}
