package dev.idaudit.evidence;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one mode of everything in a run: every file holds the same personal data (the snapshot,
 * findings.json and each report name people and their access), so every file is 0600 and every
 * directory 0700 where the file system is POSIX; sharing a run is the owner's decision (copy,
 * upload), not the default.
 */
final class FileModes {
    private FileModes() {}

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** For {@link Files#createDirectory}: owner-only where POSIX, nothing elsewhere. */
    static FileAttribute<?>[] privateDirectory() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)} : new FileAttribute<?>[0];
    }

    /** Sets a run's file to 0600, or its directory to 0700 (no-op off POSIX). */
    static void restrict(Path p) throws IOException {
        if (POSIX && !Files.isSymbolicLink(p)) {
            Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY : FILE);
        }
    }
}
