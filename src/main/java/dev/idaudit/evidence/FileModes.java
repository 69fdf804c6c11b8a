package dev.idaudit.evidence;

import dev.idaudit.util.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;

/**
 * The one mode of everything in a run: every file holds the same personal data (the snapshot,
 * findings.json and each report name people and their access), so every file is 0600 and every
 * directory 0700 where the file system is POSIX; sharing a run is the owner's decision (copy,
 * upload), not the default.
 */
final class FileModes {
    private FileModes() {}

    /** For {@link Files#createDirectory}: owner-only where POSIX, nothing elsewhere. */
    static FileAttribute<?>[] privateDirectory() {
        return OwnerOnly.directoryAttributes();
    }

    /** Sets a run's file to 0600, or its directory to 0700 (no-op off POSIX). */
    static void restrict(Path p) throws IOException {
        if (OwnerOnly.POSIX && !Files.isSymbolicLink(p)) {
            Files.setPosixFilePermissions(p, Files.isDirectory(p) ? OwnerOnly.DIRECTORY : OwnerOnly.FILE);
        }
    }
}
