package dev.idaudit.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes a report file through a temporary file renamed into place: a failure leaves no half report. */
public final class ReportFiles {
    private ReportFiles() {}

    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    public static void writeAtomically(Path out, StreamBody body) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file owner-only, and a report is meant to be shared.
        Path tmp = dir.resolve("." + out.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                body.write(os);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** UTF-8 text. */
    public static void writeText(Path out, TextBody body) throws IOException {
        writeAtomically(out, os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            body.write(w);
            w.flush();
        });
    }
}
