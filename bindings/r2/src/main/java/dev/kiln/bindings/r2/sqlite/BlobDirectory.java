package dev.kiln.bindings.r2.sqlite;

import dev.kiln.spi.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A bucket's content files: {@code tmp/} holds content being staged, {@code blobs/} published content. A
 * file is named {@code p<pid>-<uuid>} after the process that wrote it, so the leftovers of a crashed process
 * can be told from the files another live process (a running {@code kiln dev}, a {@code kiln r2} command)
 * is still writing.
 *
 * <p>Durability order: a staged file is fsynced, renamed into {@code blobs/}, the directory fsynced, and only
 * then does the index commit refer to it. A crash at any point leaves either the old state or an unreferenced
 * file, which {@link #removeLeftovers} deletes at the next open.
 */
final class BlobDirectory {

    private static final int BUFFER = 256 * 1024;
    private static final long PID = ProcessHandle.current().pid();

    private final Path tmp;
    private final Path blobs;

    BlobDirectory(Path bucketDir) {
        this.tmp = bucketDir.resolve("tmp");
        this.blobs = bucketDir.resolve("blobs");
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(blobs);
        } catch (IOException e) {
            throw new StorageException("cannot create " + bucketDir + ": " + e.getMessage(), e);
        }
    }

    /** A file in {@code tmp/}, deleted on close unless published. */
    final class StagedFile implements dev.kiln.bindings.r2.ObjectStore.Staged {
        private final Path path;
        private final long size;
        private volatile boolean published;

        StagedFile(Path path, long size) {
            this.path = path;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        /** Moves the file into {@code blobs/} (durably) and returns its blob name. */
        String publish() {
            String name = path.getFileName().toString();
            try {
                Files.move(path, blobs.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                published = true;
                syncDirectory(blobs);
                return name;
            } catch (IOException e) {
                throw new StorageException("cannot publish " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (!published) {
                deleteQuietly(path);
            }
        }
    }

    /** Copies the stream into a new fsynced file in {@code tmp/}; on failure nothing is left behind. */
    StagedFile stage(InputStream content) throws IOException {
        Path path = tmp.resolve(newName());
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            long size = 0;
            int n;
            while ((n = content.read(buffer)) >= 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                size += n;
            }
            out.force(true);
            return new StagedFile(path, size);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(path);
            throw e;
        }
    }

    /** Joins published blobs, in order, into a new staged file (for completing a multipart upload). */
    StagedFile concatenate(java.util.List<String> names) throws IOException {
        Path path = tmp.resolve(newName());
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = 0;
            for (String name : names) {
                try (FileChannel in = FileChannel.open(blobs.resolve(name), StandardOpenOption.READ)) {
                    long length = in.size();
                    long done = 0;
                    while (done < length) {
                        done += in.transferTo(done, length - done, out);
                    }
                    size += length;
                }
            }
            out.force(true);
            return new StagedFile(path, size);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(path);
            throw e;
        }
    }

    /** @return the published blob, opened for reading */
    FileChannel open(String name) throws IOException {
        return FileChannel.open(blobs.resolve(name), StandardOpenOption.READ);
    }

    /** Deletes a published blob no longer referenced (readers that have it open keep reading it). */
    void delete(String name) {
        deleteQuietly(blobs.resolve(name));
    }

    /**
     * Deletes what crashed processes left: staged files, and blobs the index does not reference. Files of live
     * processes (this one included) are left alone.
     *
     * @param referenced whether the index refers to a blob name
     */
    void removeLeftovers(Predicate<String> referenced) {
        removeIf(tmp, name -> true);
        removeIf(blobs, name -> !referenced.test(name));
    }

    private void removeIf(Path dir, Predicate<String> unused) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!writerAlive(name) && unused.test(name)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the names of published blobs (for tests and checks) */
    Set<String> blobNames() {
        try (var files = Files.list(blobs)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new StorageException("cannot list " + blobs + ": " + e.getMessage(), e);
        }
    }

    private static boolean writerAlive(String name) {
        if (!name.startsWith("p")) {
            return false;
        }
        int dash = name.indexOf('-');
        try {
            long pid = Long.parseLong(name.substring(1, dash));
            return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static String newName() {
        return "p" + PID + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException ignored) {
            // a leftover; removed at the next open
        }
    }
}
