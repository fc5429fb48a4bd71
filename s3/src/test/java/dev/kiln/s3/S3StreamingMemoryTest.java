package dev.kiln.s3;

import dev.kiln.s3.sqlite.SqliteCredentialStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * 64 MiB objects stream through the S3 listener: PUT and GET succeed against a server JVM whose whole heap
 * (32 MiB) is half the object, so it cannot have held the object in memory.
 */
class S3StreamingMemoryTest {

    @TempDir
    Path state;

    @Test
    void aSixtyFourMebibyteObjectPassesThroughAServerWithAThirtyTwoMebibyteHeap() throws Exception {
        Credentials key;
        try (SqliteCredentialStore store = SqliteCredentialStore.open(state)) {
            key = store.create();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx32m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), S3ServerMain.class.getName(), state.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
                // startup logging
            }
            assertThat(line).as("the server printed its port").isNotNull();
            URI endpoint = URI.create("http://127.0.0.1:" + line.substring(5).trim());
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its output

            try (S3Client s3 = S3Fixture.client(endpoint, key.accessKeyId(), key.secretAccessKey())) {
                s3.createBucket(b -> b.bucket("big"));
                long size = 64L * 1024 * 1024;
                MessageDigest sent = MessageDigest.getInstance("MD5");
                String sentMd5;
                try (var in = new DigestInputStream(S3ObjectTest.generated(size), sent)) {
                    String etag = s3.putObject(b -> b.bucket("big").key("blob"),
                            RequestBody.fromContentProvider(() -> in, size, "application/octet-stream")).eTag();
                    sentMd5 = HexFormat.of().formatHex(sent.digest());
                    assertThat(etag).isEqualTo("\"" + sentMd5 + "\"");
                }
                MessageDigest received = MessageDigest.getInstance("MD5");
                try (var in = new DigestInputStream(s3.getObject(b -> b.bucket("big").key("blob")), received)) {
                    assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
                }
                assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(sentMd5);
            }
            assertThat(server.isAlive()).as("the server survived").isTrue();
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
