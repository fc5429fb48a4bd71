package dev.kiln.s3;

import dev.kiln.bindings.r2.SingleByteRead;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * S3's flexible checksums ({@code x-amz-checksum-crc32|crc32c|sha1|sha256}, base64), computed as the body
 * passes and compared once it has been read: from a trailer of an aws-chunked body, or from a request
 * header. A mismatch is BadDigest.
 */
final class ChecksumCheck {

    private final Checksum crc32 = new CRC32();
    private final Checksum crc32c = new CRC32C();
    private final MessageDigest sha1 = digest("SHA-1");
    private final MessageDigest sha256 = SigV4.sha256();

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + name, e);
        }
    }

    void update(byte[] b, int off, int len) {
        crc32.update(b, off, len);
        crc32c.update(b, off, len);
        sha1.update(b, off, len);
        sha256.update(b, off, len);
    }

    /**
     * Compares a checksum; algorithms not computed here (crc64nvme) are not checked.
     *
     * @return whether it was checked (and matched)
     */
    boolean verify(String algorithm, String base64) throws BodyException {
        byte[] actual = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "crc32" -> crcBytes(crc32);
            case "crc32c" -> crcBytes(crc32c);
            case "sha1" -> sha1.digest();
            case "sha256" -> sha256.digest();
            default -> null;
        };
        if (actual != null && !Base64.getEncoder().encodeToString(actual).equals(base64.trim())) {
            throw new BodyException(S3Error.BAD_DIGEST, "The " + algorithm.toUpperCase(Locale.ROOT)
                    + " you specified did not match the calculated checksum");
        }
        return actual != null;
    }

    private static byte[] crcBytes(Checksum crc) {
        long v = crc.getValue();
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    /** @return the {@code x-amz-checksum-*} headers of a request, by algorithm */
    static Map<String, String> headers(S3Request request) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String algorithm : new String[] {"crc32", "crc32c", "sha1", "sha256"}) {
            request.header("x-amz-checksum-" + algorithm).ifPresent(v -> sums.put(algorithm, v));
        }
        return sums;
    }

    /** A body checked, at its end, against checksums sent as headers; those that matched go into {@code verified}. */
    static InputStream checking(InputStream in, Map<String, String> expected, Map<String, String> verified) {
        ChecksumCheck check = new ChecksumCheck();
        return new FilterInputStream(in) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                return SingleByteRead.via(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    check.update(b, off, n);
                } else if (n < 0 && !checked) {
                    checked = true;
                    for (Map.Entry<String, String> e : expected.entrySet()) {
                        if (check.verify(e.getKey(), e.getValue())) {
                            verified.put(e.getKey(), e.getValue().trim());
                        }
                    }
                }
                return n;
            }
        };
    }
}
