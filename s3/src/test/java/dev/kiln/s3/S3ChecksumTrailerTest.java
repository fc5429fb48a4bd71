package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
}
