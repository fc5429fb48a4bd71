package dev.kiln.s3;

import dev.kiln.bindings.r2.SingleByteRead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body as it is read, never holding more than the line being parsed:
 * {@code hex-size[;chunk-signature=SIG]\r\n DATA \r\n ... 0[;chunk-signature=SIG]\r\n [trailers] \r\n}.
 *
 * <p>With {@link Payload.SignedChunks} each chunk's signature is checked when its last byte has been read,
 * chained from the previous one (SigV4 streaming); a mismatch fails the read with SignatureDoesNotMatch
 * before the stream reports its end, so a consumer never commits a body that did not verify. With
 * {@link Payload.UnsignedChunks} a {@code x-amz-checksum-*} trailer is verified when the algorithm is one of
 * crc32, crc32c, sha1, sha256. The decoded length must equal {@code x-amz-decoded-content-length}.
 */
final class AwsChunkedInputStream extends InputStream {

    /** Longer header lines are not aws-chunked; refusing them bounds memory. */
    private static final int MAX_LINE = 4096;
    private static final String CHUNK_SIGNATURE = "chunk-signature=";

    private final InputStream in;
    private final Payload.SignedChunks signed;
    private final long declaredLength;
    private final MessageDigest chunkDigest = SigV4.sha256();
    private String previousSignature;
    private String expectedChunkSignature;
    private long chunkRemaining;
    private long decoded;
    private boolean done;
    private ChecksumCheck trailerCheck;
    private final Map<String, String> verified;

    AwsChunkedInputStream(InputStream in, Payload payload) {
        this(in, payload, new java.util.HashMap<>());
    }

    /** @param verified receives the trailer checksums ({@code x-amz-checksum-*}) that the body matched */
    AwsChunkedInputStream(InputStream in, Payload payload, Map<String, String> verified) {
        this.in = in;
        this.verified = verified;
        if (payload instanceof Payload.SignedChunks s) {
            this.signed = s;
            this.previousSignature = s.seedSignature();
            this.declaredLength = s.decodedLength();
            this.trailerCheck = s.trailer() ? new ChecksumCheck() : null;
        } else if (payload instanceof Payload.UnsignedChunks u) {
            this.signed = null;
            this.declaredLength = u.decodedLength();
            this.trailerCheck = new ChecksumCheck();
        } else {
            throw new IllegalArgumentException("not a chunked payload: " + payload);
        }
    }

    @Override
    public int read() throws IOException {
        return SingleByteRead.via(this);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (chunkRemaining == 0) {
            if (done) {
                return -1;
            }
            nextChunk();
        }
        int n = in.read(buffer, offset, (int) Math.min(length, chunkRemaining));
        if (n < 0) {
            throw new BodyException(S3Error.INCOMPLETE_BODY, "The request body ended inside a chunk: " + decoded
                    + " of " + declaredLength + " decoded bytes received");
        }
        chunkDigest.update(buffer, offset, n);
        if (trailerCheck != null) {
            trailerCheck.update(buffer, offset, n);
        }
        chunkRemaining -= n;
        decoded += n;
        if (decoded > declaredLength) {
            throw new BodyException(S3Error.INVALID_REQUEST, "The body has more than x-amz-decoded-content-length = "
                    + declaredLength + " bytes");
        }
        if (chunkRemaining == 0) {
            endChunk();
            readChunkEnd();
        }
        return n;
    }

    private void nextChunk() throws IOException {
        String header = readLine();
        int semi = header.indexOf(';');
        String sizeText = semi < 0 ? header.trim() : header.substring(0, semi).trim();
        long size;
        try {
            size = Long.parseLong(sizeText, 16);
        } catch (NumberFormatException e) {
            throw new BodyException(S3Error.INVALID_REQUEST, "malformed aws-chunked chunk header '" + abbreviate(header) + "'");
        }
        if (size < 0) {
            throw new BodyException(S3Error.INVALID_REQUEST, "negative aws-chunked chunk size '" + sizeText + "'");
        }
        if (signed != null) {
            int at = header.indexOf(CHUNK_SIGNATURE, Math.max(semi, 0));
            if (semi < 0 || at < 0) {
                throw new BodyException(S3Error.INVALID_REQUEST, "aws-chunked chunk header without chunk-signature: '"
                        + abbreviate(header) + "'");
            }
            expectedChunkSignature = header.substring(at + CHUNK_SIGNATURE.length()).trim();
        }
        chunkDigest.reset();
        chunkRemaining = size;
        if (size == 0) {
            endChunk(); // the final, empty chunk is signed too
            readTrailers();
            done = true;
            if (decoded != declaredLength) {
                throw new BodyException(S3Error.INCOMPLETE_BODY, "The request body has " + decoded
                        + " decoded bytes but x-amz-decoded-content-length says " + declaredLength);
            }
        }
    }

    private void endChunk() throws IOException {
        if (signed != null) {
            String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signed.amzDate() + "\n" + signed.scope() + "\n"
                    + previousSignature + "\n" + SigV4.EMPTY_SHA256 + "\n" + SigV4.hex(chunkDigest.digest());
            String expected = SigV4.signature(signed.signingKey(), stringToSign);
            if (!SigV4.sameSignature(expected, expectedChunkSignature)) {
                throw new BodyException(S3Error.SIGNATURE_DOES_NOT_MATCH, "The chunk signature of the chunk ending at decoded byte "
                        + decoded + " does not match");
            }
            previousSignature = expected;
        }
    }

    /** Every data chunk ends in CRLF (the final chunk's is the empty line read with the trailers). */
    private void readChunkEnd() throws IOException {
        String rest = readLine();
        if (!rest.isEmpty()) {
            throw new BodyException(S3Error.INVALID_REQUEST, "aws-chunked chunk longer than its declared size");
        }
    }

    /**
     * Reads the trailer lines up to the empty line ending the body. With a signed trailer, the trailers
     * (canonically {@code name:value\n} each) are signed, chained from the final chunk's signature.
     */
    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        Map<String, String> checked = new java.util.LinkedHashMap<>();
        String trailerSignature = null;
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BodyException(S3Error.INVALID_REQUEST, "malformed aws-chunked trailer '" + abbreviate(line) + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
                continue;
            }
            canonical.append(name).append(':').append(value).append('\n');
            if (name.startsWith("x-amz-checksum-") && trailerCheck != null) {
                String algorithm = name.substring("x-amz-checksum-".length());
                if (trailerCheck.verify(algorithm, value)) {
                    checked.put(algorithm, value);
                }
            }
        }
        if (signed != null && signed.trailer()) {
            String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + signed.amzDate() + "\n" + signed.scope() + "\n"
                    + previousSignature + "\n" + SigV4.sha256Hex(canonical.toString());
            if (trailerSignature == null || !SigV4.sameSignature(SigV4.signature(signed.signingKey(), stringToSign), trailerSignature)) {
                throw new BodyException(S3Error.SIGNATURE_DOES_NOT_MATCH, "The trailer signature "
                        + (trailerSignature == null ? "is missing" : "does not match"));
            }
        }
        verified.putAll(checked);
    }

    /** Reads a CRLF-terminated line (the CRLF is consumed, not returned). */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new BodyException(S3Error.INCOMPLETE_BODY, "The request body ended before the aws-chunked encoding did: "
                        + decoded + " of " + declaredLength + " decoded bytes received");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new BodyException(S3Error.INVALID_REQUEST, "aws-chunked line longer than " + MAX_LINE + " bytes");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
