package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/** Many clients at once: every acknowledged PUT is read back whole, and a listing sees them all. */
class S3ConcurrencyTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @Test
    void parallelClientsPutAndReadTheirOwnObjects() throws Exception {
        fixture.s3.createBucket(b -> b.bucket("busy"));
        List<Future<?>> done = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int c = 0; c < 8; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        String key = "c" + client + "/o" + i;
                        byte[] value = S3MultipartTest.random(1000 + i * 97, client * 100L + i);
                        fixture.s3.putObject(b -> b.bucket("busy").key(key), RequestBody.fromBytes(value));
                        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("busy").key(key)).asByteArray()).isEqualTo(value);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(fixture.s3.listObjectsV2Paginator(b -> b.bucket("busy").maxKeys(50)).contents()).hasSize(120);
    }
}
