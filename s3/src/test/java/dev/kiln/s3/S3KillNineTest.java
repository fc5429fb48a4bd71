package dev.kiln.s3;

import dev.kiln.s3.sqlite.SqliteCredentialStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the S3 API acknowledged survives {@code kill -9}: a server JVM is killed right after its last
 * acknowledged PUT, DELETE and CompleteMultipartUpload, and a new one over the same state directory serves
 * exactly that state. Process kill only: power loss additionally relies on the fsyncs, as in the R2 layer.
 */
class S3KillNineTest {

    @TempDir
    Path state;
    private final List<Process> servers = new ArrayList<>();

    URI start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                S3ServerMain.class.getName(), state.toString()).redirectErrorStream(true).start();
        servers.add(server);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
            // startup logging
        }
        assertThat(line).as("the server printed its port").isNotNull();
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return URI.create("http://127.0.0.1:" + line.substring(5).trim());
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : servers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Credentials key;
        try (SqliteCredentialStore store = SqliteCredentialStore.open(state)) {
            key = store.create();
        }
        byte[] part1 = S3MultipartTest.random(5 * 1024 * 1024, 21);
        String multipartEtag;
        try (S3Client s3 = S3Fixture.client(start(), key.accessKeyId(), key.secretAccessKey())) {
            s3.createBucket(b -> b.bucket("durable"));
            for (int i = 0; i < 20; i++) {
                int n = i;
                s3.putObject(b -> b.bucket("durable").key("k" + n), RequestBody.fromString("value " + n));
            }
            s3.deleteObject(b -> b.bucket("durable").key("k0"));
            String uploadId = s3.createMultipartUpload(b -> b.bucket("durable").key("joined")).uploadId();
            String e1 = s3.uploadPart(b -> b.bucket("durable").key("joined").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(part1)).eTag();
            String e2 = s3.uploadPart(b -> b.bucket("durable").key("joined").uploadId(uploadId).partNumber(2), RequestBody.fromString("tail")).eTag();
            multipartEtag = s3.completeMultipartUpload(b -> b.bucket("durable").key("joined").uploadId(uploadId).multipartUpload(m -> m.parts(
                    p -> p.partNumber(1).eTag(e1), p -> p.partNumber(2).eTag(e2)))).eTag();
        }
        Process first = servers.get(0);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

        try (S3Client s3 = S3Fixture.client(start(), key.accessKeyId(), key.secretAccessKey())) {
            assertThat(s3.listObjectsV2(b -> b.bucket("durable")).keyCount()).isEqualTo(20); // k1..k19 and joined
            for (int i = 1; i < 20; i++) {
                int n = i;
                assertThat(s3.getObjectAsBytes(b -> b.bucket("durable").key("k" + n)).asUtf8String()).isEqualTo("value " + n);
            }
            var joined = s3.getObjectAsBytes(b -> b.bucket("durable").key("joined"));
            assertThat(joined.response().eTag()).isEqualTo(multipartEtag);
            assertThat(joined.asByteArray()).hasSize(part1.length + 4);
        }
    }
}
