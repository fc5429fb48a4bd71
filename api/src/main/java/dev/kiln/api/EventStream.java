package dev.kiln.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events ({@code text/event-stream}, WHATWG HTML §9.2) and flushes each one to the client.
 * Obtained through {@link Response#eventStream(EventStream.Writer)}. Not thread-safe.
 */
public final class EventStream {

    private final OutputStream out;

    EventStream(OutputStream out) {
        this.out = out;
    }

    /** Produces the events of one response. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param events the sink; the response ends when this method returns
         * @throws IOException if the client went away
         */
        void write(EventStream events) throws IOException;
    }

    /**
     * Sends an unnamed event; multi-line data becomes several {@code data:} lines.
     *
     * @throws UncheckedIOException if the client went away
     */
    public EventStream data(String data) {
        return send(null, data, null);
    }

    /** Sends a named event. */
    public EventStream send(String event, String data) {
        return send(event, data, null);
    }

    /** Sends a named event with an id (the client's {@code Last-Event-ID} on reconnect). */
    public EventStream send(String event, String data, String id) {
        StringBuilder frame = new StringBuilder(data.length() + 32);
        if (event != null) {
            frame.append("event: ").append(oneLine(event)).append('\n');
        }
        if (id != null) {
            frame.append("id: ").append(oneLine(id)).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return write(frame.append('\n'));
    }

    /** Sends a comment line, which clients ignore (useful as a keep-alive). */
    public EventStream comment(String text) {
        return write(new StringBuilder(": ").append(oneLine(text)).append("\n\n"));
    }

    private EventStream write(CharSequence frame) {
        try {
            out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("event field must be one line: " + s);
        }
        return s;
    }
}
