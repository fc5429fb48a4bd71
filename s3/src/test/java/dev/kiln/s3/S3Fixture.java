package dev.kiln.s3;

import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real S3 listener on a free loopback port over a fresh state directory, with one access key, and a real
 * AWS SDK client configured for it (path-style, endpoint override, checksums only when required).
 */
final class S3Fixture implements BeforeEachCallback, AfterEachCallback {

    Path stateDir;
    Backend storage;
    CredentialStore credentials;
    S3Server server;
    Credentials key;
    S3Client s3;
    /** The server's clock (the client signs with the real one). */
    final SettableClock clock = new SettableClock();

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        stateDir = java.nio.file.Files.createTempDirectory("kiln-s3-test");
        storage = Backend.open(BackendSettings.embedded(stateDir));
        credentials = storage.store(CredentialStore.class);
        key = credentials.create();
        server = S3Server.start("127.0.0.1", 0, storage.store(BucketStores.class), credentials, clock);
        s3 = client(key.accessKeyId(), key.secretAccessKey());
    }

    URI endpoint() {
        return server.url();
    }

    S3Client client(String accessKeyId, String secret) {
        return client(endpoint(), accessKeyId, secret);
    }

    static S3Client client(URI endpoint, String accessKeyId, String secret) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of("auto"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(Region.of("auto"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        s3.close();
        server.close();
        storage.close();
        try (var files = java.nio.file.Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
