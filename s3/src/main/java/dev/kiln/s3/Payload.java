package dev.kiln.s3;

/** How a signed request's body is protected, from its {@code x-amz-content-sha256} (or presigned default). */
sealed interface Payload {

    /** {@code UNSIGNED-PAYLOAD}: the body is taken as sent. */
    record Unsigned() implements Payload {
    }

    /** A hex SHA-256 of the whole body, checked once it has been read. */
    record Hashed(String sha256Hex) implements Payload {
    }

    /**
     * {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}: an aws-chunked body, each chunk signed, chained from the
     * request's own signature; with {@code -TRAILER}, followed by checksum trailers that are signed too.
     */
    record SignedChunks(byte[] signingKey, String amzDate, String scope, String seedSignature, long decodedLength,
                        boolean trailer) implements Payload {
    }

    /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: an aws-chunked body with a checksum trailer. */
    record UnsignedChunks(long decodedLength) implements Payload {
    }
}
