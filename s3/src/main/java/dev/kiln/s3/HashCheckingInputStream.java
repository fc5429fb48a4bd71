package dev.kiln.s3;

import dev.kiln.bindings.r2.SingleByteRead;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a body through while hashing it; at the end checks the SHA-256 the signature covered
 * ({@code x-amz-content-sha256}) and, when known, the length ({@code Content-Length}). A failed check fails
 * the last read, before the consumer sees the end, so it never commits a body that does not match.
 */
final class HashCheckingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final String expectedSha256;
    private final long expectedLength;
    private long read;
    private boolean checked;

    /**
     * @param expectedSha256 lower-case hex, or null to check only the length
     * @param expectedLength the length, or -1 if unknown
     */
    HashCheckingInputStream(InputStream in, String expectedSha256, long expectedLength) {
        super(in);
        this.expectedSha256 = expectedSha256;
        this.expectedLength = expectedLength;
        this.digest = expectedSha256 == null ? null : SigV4.sha256(); // hashing 64 MiB for nothing costs ~40 ms
    }

    @Override
    public int read() throws IOException {
        return SingleByteRead.via(this);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw new BodyException(S3Error.INCOMPLETE_BODY, "The request body could not be read to its end after "
                    + read + " bytes: " + e.getMessage());
        }
        if (n < 0) {
            check();
            return -1;
        }
        if (digest != null) {
            digest.update(buffer, offset, n);
        }
        read += n;
        if (expectedLength >= 0 && read > expectedLength) {
            throw new BodyException(S3Error.INVALID_REQUEST, "The body is longer than its Content-Length " + expectedLength);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would bypass the body's hash check");
    }

    private void check() throws BodyException {
        if (checked) {
            return;
        }
        checked = true;
        if (expectedLength >= 0 && read != expectedLength) {
            throw new BodyException(S3Error.INCOMPLETE_BODY, "You did not provide the number of bytes specified by the "
                    + "Content-Length HTTP header: " + read + " of " + expectedLength + " bytes received");
        }
        if (expectedSha256 != null) {
            String actual = SigV4.hex(digest.digest());
            if (!actual.equals(expectedSha256)) {
                throw new BodyException(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH, "The provided 'x-amz-content-sha256' header "
                        + "does not match what was computed: " + expectedSha256 + " vs " + actual);
            }
        }
    }
}
