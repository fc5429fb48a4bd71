package dev.kiln.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streamed body. Kiln sends what is written as it is flushed, using chunked transfer encoding
 * when the length is unknown.
 */
@FunctionalInterface
public interface BodyWriter {

    /**
     * Writes the body. Called once, on the invocation's virtual thread, after the status and headers are sent.
     *
     * @param out the body sink; {@code flush()} pushes what was written to the client now
     * @throws IOException if the client went away or writing failed
     */
    void writeTo(OutputStream out) throws IOException;
}
