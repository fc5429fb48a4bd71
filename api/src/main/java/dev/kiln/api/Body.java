package dev.kiln.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a request or response: bytes in memory, a stream read once, or a writer that produces it.
 *
 * <p>Reading a whole body ({@link #bytes()}, {@link #text()}) keeps the bytes, so it may be repeated. A
 * streamed body can otherwise be consumed only once: after {@link #stream()} or {@link #writeTo} has
 * consumed it, a second read throws {@link IllegalStateException} ("body already used"), as in Fetch.
 */
public final class Body {

    private static final byte[] NO_BYTES = new byte[0];
    private static final Body EMPTY = new Body(NO_BYTES, null, null, 0);

    private volatile byte[] bytes;
    private final InputStream source;
    private final BodyWriter writer;
    private final long length;
    private final AtomicBoolean used = new AtomicBoolean();

    private Body(byte[] bytes, InputStream source, BodyWriter writer, long length) {
        this.bytes = bytes;
        this.source = source;
        this.writer = writer;
        this.length = length;
    }

    /** @return a body with no content */
    public static Body empty() {
        return EMPTY;
    }

    /** @return a body holding these bytes (not copied: do not change the array afterwards) */
    public static Body of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes, null, null, bytes.length);
    }

    /** @return a body holding this text as UTF-8 */
    public static Body of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a body streamed from this source, of unknown length, closed once read */
    public static Body of(InputStream source) {
        return new Body(null, Objects.requireNonNull(source), null, -1);
    }

    /**
     * @param length the exact number of bytes the source yields
     * @return a body streamed from this source, of known length
     * @throws IllegalArgumentException if length is negative
     */
    public static Body of(InputStream source, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative body length: " + length);
        }
        return new Body(null, Objects.requireNonNull(source), null, length);
    }

    /** @return a body produced by the writer when it is sent, of unknown length */
    public static Body writer(BodyWriter writer) {
        return new Body(null, null, Objects.requireNonNull(writer), -1);
    }

    /** @return the length in bytes, if known before reading */
    public OptionalLong length() {
        byte[] held = bytes;
        if (held != null) {
            return OptionalLong.of(held.length);
        }
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /** @return whether the content is produced while it is sent (a stream or writer) rather than held */
    public boolean isStreamed() {
        return bytes == null;
    }

    /** @return whether a streamed body has already been consumed */
    public boolean isUsed() {
        return bytes == null && used.get();
    }

    /**
     * @return the whole content; a streamed body is read to its end and kept
     * @throws IllegalStateException if a streamed body was already consumed
     * @throws UncheckedIOException if reading fails
     */
    public byte[] bytes() {
        byte[] held = bytes;
        if (held != null) {
            return held;
        }
        synchronized (this) {
            if (bytes == null) {
                try (InputStream in = consume()) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return bytes;
        }
    }

    /** @return the whole content decoded as UTF-8 (see {@link #bytes()}) */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /**
     * @return the content as a stream; for a streamed body this consumes it
     * @throws IllegalStateException if a streamed body was already consumed
     */
    public InputStream stream() {
        byte[] held = bytes;
        return held != null ? new ByteArrayInputStream(held) : consume();
    }

    /**
     * Copies the content to {@code out}, flushing as a writer body flushes.
     *
     * @throws IOException if writing fails
     * @throws IllegalStateException if a streamed body was already consumed
     */
    public void writeTo(OutputStream out) throws IOException {
        byte[] held = bytes;
        if (held != null) {
            out.write(held);
            return;
        }
        if (writer != null) {
            markUsed();
            writer.writeTo(out);
            return;
        }
        try (InputStream in = consume()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                // Relay what arrived now: a streamed body (an upstream SSE stream, say) must not wait for a full buffer.
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
    }

    private InputStream consume() {
        if (writer == null) {
            markUsed();
            return source;
        }
        // A writer body read as a stream: run the writer on its own virtual thread into a pipe.
        markUsed();
        try {
            PipedInputStream in = new PipedInputStream(64 * 1024);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread.ofVirtual().name("kiln-body-writer").start(() -> {
                try (out) {
                    writer.writeTo(out);
                } catch (IOException ignored) {
                    // The reader closed the pipe; nothing more to write.
                }
            });
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void markUsed() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("body already used");
        }
    }

    @Override
    public String toString() {
        return "Body{" + (bytes != null ? bytes.length + " bytes" : writer != null ? "writer" : "stream") + "}";
    }
}
