package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/** The SDK's default flexible checksums (a trailer after an aws-chunked body) are accepted and verified. */
class S3ChecksumTrailerTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    @Test
    void uploadsWithCrc32AndSha256TrailersAreStored() {
        try (S3Client s3 = S3Client.builder().endpointOverride(fixture.endpoint()).region(Region.of("auto"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(fixture.key.accessKeyId(),
                        fixture.key.secretAccessKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED).build()) {
            s3.createBucket(b -> b.bucket("sums"));
            byte[] content = S3MultipartTest.random(300_000, 15);
            for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                    ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA1}) {
                s3.putObject(b -> b.bucket("sums").key(algorithm.toString()).checksumAlgorithm(algorithm), RequestBody.fromBytes(content));
                assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("sums").key(algorithm.toString())).asByteArray()).isEqualTo(content);
            }
        }
    }

    // A trailer carrying another body's checksum (same length, so only the value differs) is BadDigest, and nothing is stored.
    @ParameterizedTest
    @ValueSource(strings = {"CRC32", "CRC32C", "SHA1", "SHA256"})
    void aWrongChecksumTrailerIsBadDigestAndStoresNothing(String name) throws IOException {
        fixture.s3.createBucket(b -> b.bucket("sums"));
        var algorithm = DefaultChecksumAlgorithm.fromValue(name);
        byte[] content = S3MultipartTest.random(100_000, 16);
        byte[] other = S3MultipartTest.random(100_000, 17);
        SignedRaw.Wire right = SignedRaw.signWithChecksumTrailer(fixture, "/sums/right", content, algorithm);
        assertThat(new String(right.body(), StandardCharsets.ISO_8859_1)).contains("x-amz-checksum-" + name.toLowerCase(Locale.ROOT) + ":");
        assertThat(SignedRaw.send(fixture, right).status()).isEqualTo(200);
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("sums").key("right")).asByteArray()).isEqualTo(content);

        SignedRaw.Wire wrong = SignedRaw.signWithChecksumTrailer(fixture, "/sums/wrong", content, algorithm);
        SignedRaw.Wire otherWire = SignedRaw.signWithChecksumTrailer(fixture, "/sums/wrong", other, algorithm);
        byte[] body = wrong.body().clone();
        int trailer = trailerStart(body);
        System.arraycopy(otherWire.body(), trailerStart(otherWire.body()), body, trailer, body.length - trailer);
        assertThat(body).isNotEqualTo(wrong.body());
        SignedRaw.Reply reply = SignedRaw.send(fixture, new SignedRaw.Wire(wrong.head(), body));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("<Code>BadDigest</Code>");
        S3ObjectTest.assertS3Error(() -> fixture.s3.headObject(b -> b.bucket("sums").key("wrong")), 404, null);
    }

    private static int trailerStart(byte[] body) {
        return new String(body, StandardCharsets.ISO_8859_1).lastIndexOf("x-amz-checksum-");
    }
}
