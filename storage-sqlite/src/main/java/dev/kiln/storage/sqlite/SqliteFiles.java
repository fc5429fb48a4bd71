package dev.kiln.storage.sqlite;

import dev.kiln.spi.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File naming and housekeeping the embedded stores share: one SQLite file per resource, named by its id. */
public final class SqliteFiles {

    /** Resource ids become file names, so they are kept to a portable set. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SqliteFiles() {
    }

    /**
     * @return the id, if it may name a file
     * @throws StorageException otherwise, saying what is allowed
     */
    public static String validId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new StorageException("invalid resource id '" + id + "': use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }

    /** @return the names (without {@code .sqlite}) of the SQLite files in a directory, sorted; none if it is missing */
    public static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sqlite"))
                    .map(n -> n.substring(0, n.length() - ".sqlite".length())).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir, e);
        }
    }

    /** Deletes a database file with its WAL and shared-memory files; returns false if it did not exist. */
    public static boolean delete(Path file) {
        try {
            boolean existed = Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
            return existed;
        } catch (IOException e) {
            throw new StorageException("cannot delete " + file, e);
        }
    }
}
