package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * aws-chunked decoding against the streaming example of Amazon S3's SigV4 documentation (a 66,560-byte
 * object of 'a' in a 65,536-byte and a 1,024-byte chunk), and the ways such a body can be broken.
 */
class AwsChunkedInputStreamTest {

    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String[] CHUNK_SIGNATURES = {
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
    };

    static Payload.SignedChunks documentedPayload() {
        byte[] key = SigV4.signingKey(AuthenticatorTest.SECRET, "20130524", "us-east-1", "s3");
        return new Payload.SignedChunks(key, "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", SEED, 66_560, false);
    }

    static byte[] documentedBody(String... signatures) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] sizes = {65_536, 1_024, 0};
        for (int i = 0; i < sizes.length; i++) {
            body.writeBytes((Integer.toHexString(sizes[i]) + ";chunk-signature=" + signatures[i] + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] data = new byte[sizes[i]];
            Arrays.fill(data, (byte) 'a');
            body.writeBytes(data);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return body.toByteArray();
    }

    @Test
    void theDocumentedStreamingBodyDecodesAndEveryChunkSignatureVerifies() throws IOException {
        byte[] decoded = new AwsChunkedInputStream(new ByteArrayInputStream(documentedBody(CHUNK_SIGNATURES)), documentedPayload()).readAllBytes();
        assertThat(decoded).hasSize(66_560).containsOnly((byte) 'a');
    }

    @Test
    void aWrongChunkSignatureFailsBeforeTheEndOfTheBodyIsReported() {
        String[] forged = CHUNK_SIGNATURES.clone();
        forged[1] = forged[1].replace('0', '1');
        var in = new AwsChunkedInputStream(new ByteArrayInputStream(documentedBody(forged)), documentedPayload());
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(BodyException.class,
                e -> assertThat(e.toS3().error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void aBodyCutInsideAChunkIsIncompleteBody() {
        byte[] body = documentedBody(CHUNK_SIGNATURES);
        var in = new AwsChunkedInputStream(new ByteArrayInputStream(Arrays.copyOf(body, 40_000)), documentedPayload());
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(BodyException.class,
                e -> assertThat(e.toS3().error()).isEqualTo(S3Error.INCOMPLETE_BODY));
    }

    @Test
    void aMalformedChunkHeaderIsInvalidRequest() {
        var in = new AwsChunkedInputStream(new ByteArrayInputStream("zz;chunk-signature=00\r\n".getBytes(StandardCharsets.US_ASCII)), documentedPayload());
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(BodyException.class,
                e -> assertThat(e.toS3().error()).isEqualTo(S3Error.INVALID_REQUEST));
    }

    static byte[] unsignedWithTrailer(byte[] data, String crc32Base64) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(data);
        body.writeBytes(("\r\n0\r\nx-amz-checksum-crc32:" + crc32Base64 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long v = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    @Test
    void anUnsignedTrailerBodyIsCheckedAgainstItsCrc32() throws IOException {
        byte[] data = "hello trailer".getBytes(StandardCharsets.UTF_8);
        byte[] out = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedWithTrailer(data, crc32(data))),
                new Payload.UnsignedChunks(data.length)).readAllBytes();
        assertThat(out).isEqualTo(data);

        var bad = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedWithTrailer(data, crc32("other".getBytes(StandardCharsets.UTF_8)))),
                new Payload.UnsignedChunks(data.length));
        assertThatThrownBy(bad::readAllBytes).isInstanceOfSatisfying(BodyException.class,
                e -> assertThat(e.toS3().error()).isEqualTo(S3Error.BAD_DIGEST));
    }

    @Test
    void aDecodedLengthThatDisagreesWithTheHeaderIsIncompleteBody() {
        byte[] data = "12345".getBytes(StandardCharsets.UTF_8);
        var in = new AwsChunkedInputStream(new ByteArrayInputStream(unsignedWithTrailer(data, crc32(data))), new Payload.UnsignedChunks(6));
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(BodyException.class,
                e -> assertThat(e.toS3().error()).isEqualTo(S3Error.INCOMPLETE_BODY));
    }
}
