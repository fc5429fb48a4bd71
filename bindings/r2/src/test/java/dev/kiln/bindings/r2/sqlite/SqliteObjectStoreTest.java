package dev.kiln.bindings.r2.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import dev.kiln.bindings.r2.ObjectStore;
import dev.kiln.bindings.r2.R2BucketHandle;
import dev.kiln.bindings.r2.R2Buckets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded R2 backend's on-disk layout and crash recovery. */
class SqliteObjectStoreTest {

    @TempDir
    Path state;

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    // Readable layout: r2/<bucket>/index.sqlite + blobs/ + tmp/
    @Test
    void aBucketLivesInItsOwnReadableDirectory() {
        try (SqliteBuckets storage = new SqliteBuckets(state)) {
            R2BucketHandle bucket = new R2Buckets(storage).bucketCreatingIfMissing("photos");
            bucket.put("cat.jpg", "meow");
        }
        assertThat(state.resolve("r2/photos/index.sqlite")).isRegularFile();
        assertThat(state.resolve("r2/photos/blobs")).isDirectory();
        assertThat(state.resolve("r2/photos/tmp")).isEmptyDirectory();
    }

    // What a killed writer left (a staged file, a published but uncommitted blob) is removed at the next open;
    // files of live writers are kept, and committed objects are untouched.
    @Test
    void leftoversOfDeadWritersAreRemovedAtOpen() throws Exception {
        Path bucketDir = state.resolve("r2/files");
        try (SqliteBuckets storage = new SqliteBuckets(state)) {
            new R2Buckets(storage).bucketCreatingIfMissing("files").put("kept", "committed");
        }
        long dead = deadPid();
        long live = ProcessHandle.current().pid();
        Files.writeString(bucketDir.resolve("tmp/p" + dead + "-staged"), "half an upload");
        Files.writeString(bucketDir.resolve("blobs/p" + dead + "-uncommitted"), "renamed, never committed");
        Files.writeString(bucketDir.resolve("tmp/p" + live + "-inflight"), "a live writer's upload");
        Files.writeString(bucketDir.resolve("blobs/p" + live + "-publishing"), "a live writer's publish");

        try (SqliteBuckets storage = new SqliteBuckets(state)) {
            R2BucketHandle bucket = new R2Buckets(storage).bucket("files");
            assertThat(bucket.get("kept").orElseThrow().text()).isEqualTo("committed");
            assertThat(bucketDir.resolve("tmp/p" + dead + "-staged")).doesNotExist();
            assertThat(bucketDir.resolve("blobs/p" + dead + "-uncommitted")).doesNotExist();
            assertThat(bucketDir.resolve("tmp/p" + live + "-inflight")).exists();
            assertThat(bucketDir.resolve("blobs/p" + live + "-publishing")).exists();
        }
    }

    // Replaced and deleted objects, aborted uploads and joined parts leave no content file behind.
    @Test
    void noContentFileOutlivesItsObject() throws IOException {
        Path blobs = state.resolve("r2/files/blobs");
        try (SqliteBuckets storage = new SqliteBuckets(state)) {
            R2BucketHandle bucket = new R2Buckets(storage).bucketCreatingIfMissing("files");
            bucket.put("a", "1");
            bucket.put("a", "2");
            bucket.put("b", "3");
            assertThat(count(blobs)).isEqualTo(2);
            bucket.delete("b");
            assertThat(count(blobs)).isEqualTo(1);
            var aborted = bucket.createMultipartUpload("m");
            aborted.uploadPart(1, "x");
            aborted.uploadPart(2, "y");
            aborted.abort();
            assertThat(count(blobs)).isEqualTo(1);
            var done = bucket.createMultipartUpload("m");
            var part = done.uploadPart(1, "joined");
            done.uploadPart(2, "not listed, dropped");
            done.complete(java.util.List.of(part));
            assertThat(count(blobs)).isEqualTo(2);
            bucket.delete(java.util.List.of("a", "m"));
            assertThat(count(blobs)).isZero();
            assertThat(count(state.resolve("r2/files/tmp"))).isZero();
        }
    }

    // A bucket created by another process (the CLI) is seen; one deleted by it is forgotten.
    @Test
    void bucketsCreatedOrDeletedByAnotherProcessAreSeen() {
        try (SqliteBuckets server = new SqliteBuckets(state); SqliteBuckets cli = new SqliteBuckets(state)) {
            assertThat(server.bucket("shared")).isEmpty();
            new R2Buckets(cli).create("shared");
            assertThat(server.bucket("shared")).map(ObjectStore::info).map(ObjectStore.BucketInfo::name).hasValue("shared");
            new R2Buckets(cli).delete("shared");
            assertThat(server.bucket("shared")).isEmpty();
            assertThat(server.list()).isEmpty();
            // Deleted and created again while the server had it open: the server follows the new bucket.
            R2BucketHandle before = new R2Buckets(server).bucketCreatingIfMissing("again");
            before.put("old", "gone with the bucket");
            new R2Buckets(cli).bucket("again").delete("old");
            new R2Buckets(cli).delete("again");
            new R2Buckets(cli).create("again");
            new R2Buckets(cli).bucket("again").put("new", "from the cli");
            R2Buckets serverBuckets = new R2Buckets(server);
            assertThat(serverBuckets.bucket("again").get("new").orElseThrow().text()).isEqualTo("from the cli");
            serverBuckets.bucket("again").put("reply", "from the server");
            assertThat(new R2Buckets(cli).bucket("again").get("reply").orElseThrow().text()).isEqualTo("from the server");
        }
    }
}
