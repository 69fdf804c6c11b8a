package dev.idaudit.util;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read (a private key, a bearer token, a run's personal data):
 * mode 0600 from creation where the file system is POSIX, so the content is never readable by
 * others, not even briefly; elsewhere the file system's own default.
 */
public final class OwnerOnly {
    private OwnerOnly() {}

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Creates {@code file} owner-only (it must not exist: {@link java.nio.file.FileAlreadyExistsException}). */
    public static Path createFile(Path file) throws IOException {
        return POSIX ? Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE)) : Files.createFile(file);
    }

    /** Attributes for {@link Files#createDirectory}: owner-only where POSIX, none elsewhere. */
    public static FileAttribute<?>[] directoryAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)} : new FileAttribute<?>[0];
    }
}
