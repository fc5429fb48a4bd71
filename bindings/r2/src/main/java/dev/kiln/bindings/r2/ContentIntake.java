package dev.kiln.bindings.r2;

import dev.kiln.api.R2Checksums;
import dev.kiln.api.R2Checksums.Algorithm;
import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * The stream a backend stages from: counts and hashes the bytes as they pass, stops at the size limit, and
 * tells the source's failures (a client gone, a body cut short) apart from the backend's own.
 */
final class ContentIntake extends FilterInputStream {

    /** The source failed: the upload is incomplete, not the storage broken. */
    static final class SourceFailure extends IOException {
        SourceFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The content passed the size limit. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final DigestPipeline digests;
    private final long maxBytes;
    private final long declaredLength;
    private long count;

    /**
     * @param algorithms digests to compute (MD5 is always computed: it is the etag)
     * @param maxBytes the size limit
     * @param declaredLength the length the source promised, or -1
     */
    ContentIntake(InputStream source, Set<Algorithm> algorithms, long maxBytes, long declaredLength) {
        super(source);
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        java.util.EnumSet<Algorithm> all = java.util.EnumSet.of(Algorithm.MD5);
        all.addAll(algorithms);
        this.digests = new DigestPipeline(all);
    }

    @Override
    public int read() throws IOException {
        return SingleByteRead.via(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw new SourceFailure("the body could not be read to its end: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Servers report a client gone mid-body in their own unchecked exceptions.
            throw new SourceFailure("the body could not be read to its end: " + e, e);
        }
        if (n < 0) {
            if (declaredLength >= 0 && count != declaredLength) {
                throw new SourceFailure("the body ended after " + count + " of " + declaredLength + " declared bytes", null);
            }
            return n;
        }
        count += n;
        if (count > maxBytes) {
            throw new TooLarge("the upload is larger than the limit: more than " + maxBytes + " bytes");
        }
        if (declaredLength >= 0 && count > declaredLength) {
            throw new SourceFailure("the body is longer than its declared " + declaredLength + " bytes", null);
        }
        digests.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    /** @return the bytes read so far */
    long count() {
        return count;
    }

    /** @return the hex digests computed, once the stream is read to its end */
    R2Checksums checksums() {
        return digests.finish();
    }

    /** Stops hashing: the content will not be stored. */
    void abandon() {
        digests.abandon();
    }

    /** @throws R2Exception BadDigest if an expected checksum differs from the computed one */
    static void verify(R2Checksums expected, R2Checksums actual) {
        for (Map.Entry<Algorithm, String> e : expected.toMap().entrySet()) {
            String got = actual.get(e.getKey()).orElseThrow();
            if (!got.equals(e.getValue())) {
                throw new R2Exception(R2Error.BadDigest, "The " + e.getKey() + " checksum you specified (" + e.getValue()
                        + ") did not match what was received (" + got + ")");
            }
        }
    }
}
