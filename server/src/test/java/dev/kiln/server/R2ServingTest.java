package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.kiln.bindings.r2.SingleByteRead;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker serving an R2 bucket over HTTP on a real server: large objects stream in and out without being
 * held in memory, ranges and conditionals map to HTTP, and a client leaving mid-upload leaves nothing behind.
 */
class R2ServingTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path root;
    static KilnServer server;

    @BeforeAll
    static void start() {
        Path files = WorkerFixture.worker(root, "files", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    R2Bucket bucket = env.r2("FILES");
                    String key = request.path().substring(1);
                    switch (request.method()) {
                        case "PUT": {
                            R2Object o = bucket.put(key, request.body(),
                                    R2PutOptions.NONE.withHttpMetadata(R2HttpMetadata.fromHeaders(request.headers()))).orElseThrow();
                            return Response.text(o.etag() + " " + o.size());
                        }
                        case "DELETE":
                            bucket.delete(key);
                            return Response.text("deleted");
                        default: {
                            if (key.isEmpty()) {
                                StringBuilder keys = new StringBuilder();
                                bucket.list().objects().forEach(o -> keys.append(o.key()).append('\\n'));
                                return Response.text(keys.toString());
                            }
                            Optional<R2Object> found = bucket.get(key, R2GetOptions.fromHeaders(request.headers()));
                            if (found.isEmpty()) {
                                return Response.text(404, "missing");
                            }
                            Headers.Builder headers = Headers.builder();
                            found.get().writeHttpMetadata(headers);
                            headers.set("etag", found.get().httpEtag());
                            if (!(found.get() instanceof R2ObjectBody object)) {
                                return Response.builder(304).headers(headers.build()).build();
                            }
                            int status = 200;
                            if (object.range().isPresent()) {
                                R2Range r = object.range().get();
                                long first = r.offset().get();
                                status = 206;
                                headers.set("content-range", "bytes " + first + "-" + (first + r.length().get() - 1) + "/" + object.size());
                            }
                            return Response.builder(status).headers(headers.build()).body(object.body()).build();
                        }
                    }
                }
                """, "[[r2_buckets]]\nbinding = \"FILES\"\nbucket_name = \"files\"\n");
        server = WorkerFixture.serve(root, WorkerFixture.options(root), files);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** @return heap in use after a full collection */
    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A generated body of {@code size} bytes that measures the heap once {@code probeAt} bytes have been read. */
    private static final class GeneratedBody extends InputStream {
        private final long size;
        private final long probeAt;
        private final MessageDigest md5;
        private long sent;
        volatile long heapAtProbe = -1;

        GeneratedBody(long size, long probeAt) throws Exception {
            this.size = size;
            this.probeAt = probeAt;
            this.md5 = MessageDigest.getInstance("MD5");
        }

        @Override
        public int read() throws IOException {
            return SingleByteRead.via(this);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent == size) {
                return -1;
            }
            if (heapAtProbe < 0 && sent >= probeAt) {
                heapAtProbe = usedHeapAfterGc();
            }
            int n = (int) Math.min(len, size - sent);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((sent + i) * 7 % 253);
            }
            md5.update(b, off, n);
            sent += n;
            return n;
        }

        String md5Hex() {
            return HexFormat.of().formatHex(md5.digest());
        }
    }

    // bindings.md §4: objects stream to and from disk; a 64 MiB object is never held in memory
    @Test
    void a64MibObjectStreamsInAndOutWithoutBeingHeldInMemory() throws Exception {
        long size = 64 * MIB;
        long baseline = usedHeapAfterGc();
        GeneratedBody upload = new GeneratedBody(size, 48 * MIB);
        HttpResponse<String> put = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/big.bin"))
                .header("content-type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> upload), size))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).isEqualTo(upload.md5Hex() + " " + size);
        // Had the body been buffered, 48 MiB of it would be live when the probe ran.
        assertThat(upload.heapAtProbe - baseline).as("heap growth while uploading").isLessThan(24 * MIB);

        HttpResponse<InputStream> get = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/big.bin"))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(get.headers().firstValue("content-length")).hasValue(Long.toString(size));
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long received = 0;
        long heapWhileDownloading = -1;
        try (InputStream in = get.body()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md5.update(buffer, 0, n);
                received += n;
                if (heapWhileDownloading < 0 && received >= 48 * MIB) {
                    heapWhileDownloading = usedHeapAfterGc();
                }
            }
        }
        assertThat(received).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(md5.digest())).isEqualTo(put.body().split(" ")[0]);
        assertThat(heapWhileDownloading - baseline).as("heap growth while downloading").isLessThan(24 * MIB);
        assertThat(get.headers().firstValue("etag")).hasValue("\"" + put.body().split(" ")[0] + "\"");
    }

    // bindings.md §4 range: Range header → 206 with the bytes; unsatisfiable → InvalidRange 416
    @Test
    void rangesAreServedAsPartialContent() {
        Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/digits.txt")).PUT(HttpRequest.BodyPublishers.ofString("0123456789")).build());
        HttpResponse<String> first = Http.get(server.url() + "/digits.txt", "Range", "bytes=2-4");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo("234");
        assertThat(first.headers().firstValue("content-range")).hasValue("bytes 2-4/10");
        HttpResponse<String> suffix = Http.get(server.url() + "/digits.txt", "Range", "bytes=-3");
        assertThat(suffix.body()).isEqualTo("789");
        assertThat(Http.get(server.url() + "/digits.txt", "Range", "bytes=20-").statusCode()).isEqualTo(416);
        assertThat(Http.get(server.url() + "/digits.txt").body()).isEqualTo("0123456789");
    }

    // bindings.md §4 R2Conditional as Headers: a matching If-None-Match returns no body
    @Test
    void aMatchingIfNoneMatchReturnsNoBody() {
        HttpResponse<String> put = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/cond.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("v")).build());
        String etag = "\"" + put.body().split(" ")[0] + "\"";
        assertThat(Http.get(server.url() + "/cond.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Http.get(server.url() + "/cond.txt", "If-None-Match", "\"other\"").body()).isEqualTo("v");
    }

    // bindings.md §4 put: a client that disconnects mid-upload leaves nothing visible or on disk; the next request works
    @Test
    void aClientDisconnectingMidUploadLeavesNothing() throws Exception {
        Path bucketDir = root.resolve("state/r2/files");
        try (RawHttp raw = new RawHttp(server.url().getPort())) {
            raw.send("PUT /half.bin HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + (10 * MIB) + "\r\n\r\n");
            raw.send(new byte[(int) MIB]);
            await().atMost(Duration.ofSeconds(10)).until(() -> fileCount(bucketDir.resolve("tmp")) > 0);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fileCount(bucketDir.resolve("tmp"))).isZero());
        assertThat(fileCount(bucketDir.resolve("blobs"))).as("content files of stored objects only").isEqualTo(storedObjects());
        assertThat(Http.get(server.url() + "/half.bin").statusCode()).isEqualTo(404);
        assertThat(Http.get(server.url() + "/").body()).doesNotContain("half.bin");
        HttpResponse<String> next = Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/half.bin"))
                .PUT(HttpRequest.BodyPublishers.ofString("whole")).build());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(Http.get(server.url() + "/half.bin").body()).isEqualTo("whole");
    }

    private static long storedObjects() {
        String listing = Http.get(server.url() + "/").body();
        return listing.isEmpty() ? 0 : listing.split("\n").length;
    }

    private static long fileCount(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
