package dev.kiln.spi;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the state directory's directories (mode 700) and files (mode 600), so that stored data, blobs and
 * tokens are readable by their owner only, whatever the process's umask. The mode is set as each one is
 * created, never changed afterwards, so there is no moment when another user could open it. On a file system
 * without POSIX permissions, files get that file system's defaults.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];

    private PrivateFiles() {
    }

    /** {@link Files#createDirectories}, each directory it creates with mode 700. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, DIRECTORY);
    }

    /** {@link Files#createDirectory}, with mode 700. */
    public static Path createDirectory(Path dir) throws IOException {
        return Files.createDirectory(dir, DIRECTORY);
    }

    /**
     * Creates an empty file with mode 600 unless it exists: for a file another library opens next (SQLite
     * keeps an existing database file's mode, and gives its {@code -wal} and {@code -shm} files the same).
     */
    public static void createFileIfAbsent(Path file) throws IOException {
        try {
            Files.createFile(file, FILE);
        } catch (FileAlreadyExistsException e) {
            // created before, with the mode it was given then
        }
    }

    /** @return the attributes that create a file with mode 600, for {@code FileChannel.open} and {@code Files.createFile} */
    public static FileAttribute<?>[] fileAttributes() {
        return FILE.clone();
    }
}
