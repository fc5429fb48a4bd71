package superinstance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Json;
import dev.kiln.testing.KilnExtension;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 1 GiB LoRA synced as a multipart upload (ten 100 MiB parts and one of 24 MiB), streamed from a generator
 * on the client to R2 on disk and read back for the hash check, while the old generation of the heap (where
 * any buffered part, a large array, would land) stays flat.
 */
class LoraUploadTest extends AppTest {

    static final long MIB = 1024 * 1024;
    static final long PART = 100 * MIB;
    static final long TOTAL = 1024 * MIB;

    @RegisterExtension
    final KilnExtension kiln = app();

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Deterministic bytes (xorshift), digested as they are produced: never held whole. */
    static final class Generated extends InputStream {
        private long remaining;
        private long state;
        private final MessageDigest digest;

        Generated(long length, long seed, MessageDigest digest) {
            this.remaining = length;
            this.state = seed;
            this.digest = digest;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            digest.update(b, off, n);
            remaining -= n;
            return n;
        }
    }

    private HttpResponse<String> call(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(kiln.url() + path)).header("authorization", "Bearer " + SyncTest.token("alice"))
                .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aOneGibLoraStreamsThroughWithAFlatHeap() throws Exception {
        List<MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && (p.getName().contains("Old") || p.getName().contains("Tenured"))).toList();
        assertThat(oldGen).isNotEmpty();
        System.gc();
        oldGen.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = oldGen.stream().mapToLong(p -> p.getUsage().getUsed()).sum();

        HttpResponse<String> created = call("POST", "/sync/lora/big/uploads", HttpRequest.BodyPublishers.noBody());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String uploadId = (String) Json.parse(created.body(), Map.class).get("upload_id");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<Map<String, Object>> parts = new ArrayList<>();
        long seed = 42;
        for (int n = 1; TOTAL - (n - 1) * PART > 0; n++) {
            long length = Math.min(PART, TOTAL - (n - 1) * PART);
            long partSeed = seed++;
            HttpResponse<String> part = call("PUT", "/sync/lora/big/uploads/" + uploadId + "/parts/" + n,
                    HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(length, partSeed, digest)), length));
            assertThat(part.statusCode()).as(part.body()).isEqualTo(200);
            Map<?, ?> uploaded = Json.parse(part.body(), Map.class);
            parts.add(Map.of("part_number", n, "etag", uploaded.get("etag")));
        }
        assertThat(parts).hasSize(11);
        String sha256 = HexFormat.of().formatHex(digest.digest());
        HttpResponse<String> done = call("POST", "/sync/lora/big/uploads/" + uploadId + "/complete",
                HttpRequest.BodyPublishers.ofString(Json.stringify(Map.of("parts", parts, "sha256", sha256))));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertThat(Json.parse(done.body(), Map.class)).containsEntry("size", (int) TOTAL).containsEntry("sha256", sha256);

        long grown = oldGen.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - before;
        System.out.printf("LoRA 1 GiB: old generation grew by at most %d MiB%n", grown / MIB);
        assertThat(grown).as("old generation growth while 1 GiB streamed").isLessThan(96 * MIB);
    }

    @Test
    void aMultipartLoraWhoseHashDiffersIsDiscarded() throws Exception {
        String uploadId = (String) Json.parse(call("POST", "/sync/lora/bad/uploads", HttpRequest.BodyPublishers.noBody()).body(), Map.class)
                .get("upload_id");
        byte[] part = new byte[(int) (5 * MIB)];
        Map<?, ?> uploaded = Json.parse(call("PUT", "/sync/lora/bad/uploads/" + uploadId + "/parts/1",
                HttpRequest.BodyPublishers.ofByteArray(part)).body(), Map.class);
        HttpResponse<String> done = call("POST", "/sync/lora/bad/uploads/" + uploadId + "/complete", HttpRequest.BodyPublishers.ofString(
                Json.stringify(Map.of("parts", List.of(Map.of("part_number", 1, "etag", uploaded.get("etag"))), "sha256", "1".repeat(64)))));
        assertThat(done.statusCode()).isEqualTo(422);
        assertThat(call("GET", "/sync/lora/bad", HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/sync/lora", HttpRequest.BodyPublishers.noBody()).body()).doesNotContain("bad");
    }
}
