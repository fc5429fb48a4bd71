package dev.kiln.server;

import dev.kiln.api.KilnException;
import dev.kiln.runtime.MalformedRequestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as Helidon decodes it, where a framing failure (a bad chunk-size line, a broken chunk) becomes
 * a {@link MalformedRequestException} with a short message: the offending bytes are the client's, can be MiBs
 * long, and never go into a log line.
 */
final class FramedBodyStream extends FilterInputStream {

    private static final int MAX_DETAIL = 80;

    private volatile boolean malformed;

    FramedBodyStream(InputStream in) {
        super(in);
    }

    /** @return whether the body broke HTTP framing: the connection cannot carry another request */
    boolean malformed() {
        return malformed;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (RuntimeException e) {
            throw framing(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (RuntimeException e) {
            throw framing(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!malformed) {
            super.close(); // Helidon's close reads the rest of the body: past a framing error, that is noise
        }
    }

    private RuntimeException framing(RuntimeException e) {
        if (e instanceof KilnException) {
            return e;
        }
        malformed = true;
        String detail = String.valueOf(e.getMessage());
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "...";
        }
        return new MalformedRequestException("Malformed request body: " + detail);
    }
}
