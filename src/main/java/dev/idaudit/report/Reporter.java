package dev.idaudit.report;

import java.io.IOException;
import java.nio.file.Path;

/** Renders a {@link ReportInput} in one format. One implementation per package under dev.idaudit.report. */
public interface Reporter {
    /** The format's name as given to {@code --format}, e.g. html. */
    String format();

    /** The file name this format is stored under in a run directory, e.g. report.html. */
    String defaultFileName();

    /** Writes the report to {@code out}, replacing it; a failure leaves no partial file behind. */
    void write(ReportInput input, Path out) throws IOException;
}
