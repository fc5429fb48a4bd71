package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.kiln.spi.JacksonJsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.databind.JsonNode;

/** {@code kiln r2 credentials create|list|delete} and {@code kiln dev --s3-port}: keys from the CLI, buckets shared with {@code kiln r2}. */
class S3CommandsTest {

    @TempDir
    Path dir;

    Path state() {
        return dir.resolve("state");
    }

    CliRun kiln(String... args) {
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--persist-to";
        full[args.length + 1] = state().toString();
        return CliRun.run(full);
    }

    @Test
    void createPrintsTheKeyOnceListShowsOnlyIdsAndDeleteRemovesIt() {
        CliRun created = kiln("r2", "credentials", "create", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("Resource location: local (" + state() + ")");
        JsonNode key = JacksonJsonCodec.mapper().readTree(created.out());
        String id = key.get("accessKeyId").asString();
        String secret = key.get("secretAccessKey").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(secret).matches("[0-9a-f]{64}");

        CliRun plain = kiln("r2", "credentials", "create");
        assertThat(plain.out()).contains("Access Key ID:").contains("Secret Access Key:");

        CliRun list = kiln("r2", "credentials", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id).doesNotContain(secret);
        assertThat(list.out().lines().count()).isEqualTo(2);

        assertThat(kiln("r2", "credentials", "delete", id).exitCode()).isZero();
        assertThat(kiln("r2", "credentials", "list").out()).doesNotContain(id);
        CliRun again = kiln("r2", "credentials", "delete", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no access key '" + id + "'");
    }

    @Test
    void devServesTheSameBucketsOverS3ThatKilnR2CommandsSee() throws Exception {
        assertThat(kiln("r2", "bucket", "create", "shared").exitCode()).isZero();
        assertThat(kiln("r2", "object", "put", "shared/from-cli.txt", "--file", Files.writeString(dir.resolve("f.txt"), "from the CLI").toString())
                .exitCode()).isZero();
        JsonNode key = JacksonJsonCodec.mapper().readTree(kiln("r2", "credentials", "create", "--json").out());

        StringWriter devOut = new StringWriter();
        Thread dev = Thread.ofVirtual().start(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(devOut, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            cli.execute("dev", Path.of("../examples/hello").toAbsolutePath().normalize().toString(), "--ip", "127.0.0.1",
                    "--port", "0", "--s3-port", "0", "--persist-to", state().toString(), "--no-watch");
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> devOut.toString().contains("Ready on"));
            Matcher s3Url = Pattern.compile("S3 API: (http://\\S+)").matcher(devOut.toString());
            assertThat(s3Url.find()).as(devOut.toString()).isTrue();
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(s3Url.group(1))).region(Region.of("auto"))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            key.get("accessKeyId").asString(), key.get("secretAccessKey").asString())))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClientBuilder(ApacheHttpClient.builder()).build()) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket("shared").key("from-cli.txt")).asUtf8String()).isEqualTo("from the CLI");
                s3.putObject(b -> b.bucket("shared").key("from-s3.txt"), RequestBody.fromString("from S3"));
                Path out = dir.resolve("out.txt");
                assertThat(kiln("r2", "object", "get", "shared/from-s3.txt", "--file", out.toString()).exitCode()).isZero();
                assertThat(Files.readString(out)).isEqualTo("from S3");

                // a key deleted with the CLI stops working for the running server at once
                assertThat(kiln("r2", "credentials", "delete", key.get("accessKeyId").asString()).exitCode()).isZero();
                try {
                    s3.listBuckets();
                    throw new AssertionError("a deleted key still works");
                } catch (S3Exception e) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                }
            }
        } finally {
            dev.interrupt();
            dev.join(Duration.ofSeconds(30));
        }
    }
}
