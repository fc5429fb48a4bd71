package dev.kiln.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks every request head before it is routed: RFC 9112 message framing (§6), and the header-read deadline.
 *
 * <p>Helidon 4.3 takes the first of differing {@code Content-Length} values, accepts {@code +3}, reads {@code -1}
 * as "chunked", and falls back to {@code Content-Length} when {@code Transfer-Encoding} is not exactly
 * {@code chunked}: each a request-smuggling gap behind a proxy that reads the head otherwise. So a head whose
 * framing is not one unambiguous reading is answered 400 and its connection closed.
 *
 * <p>The deadline: a client that sends a request line and then trickles its headers would hold its connection
 * forever (Helidon's idle timeout does not close a connection in the middle of a head), so the connection is
 * closed when the header block has not ended {@code headerTimeout} after the request line.
 */
final class RequestFraming implements Http1ConnectionListener {

    /** Content-Length is 1*DIGIT (RFC 9110 §8.6); 18 digits stay inside a long. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private final ScheduledExecutorService timer;
    private final Duration headerTimeout;
    private final Map<ConnectionContext, Future<?>> deadlines = new ConcurrentHashMap<>();

    RequestFraming(ScheduledExecutorService timer, Duration headerTimeout) {
        this.timer = timer;
        this.headerTimeout = headerTimeout;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        deadlines.put(ctx, timer.schedule(() -> {
            deadlines.remove(ctx);
            ctx.serverSocket().close(); // the blocked header read fails and the connection ends
        }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Future<?> deadline = deadlines.remove(ctx);
        if (deadline != null) {
            deadline.cancel(false);
        }
        checkFraming(headers);
    }

    static void checkFraming(Headers headers) {
        List<String> lengths = values(headers, HeaderNames.CONTENT_LENGTH);
        List<String> codings = values(headers, HeaderNames.TRANSFER_ENCODING);
        if (!lengths.isEmpty() && !codings.isEmpty()) {
            throw badRequest("Content-Length and Transfer-Encoding together make the framing ambiguous");
        }
        for (String length : lengths) {
            if (length.isEmpty() || length.length() > MAX_LENGTH_DIGITS || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw badRequest("Content-Length must be a non-negative decimal number");
            }
            if (!length.equals(lengths.getFirst())) {
                throw badRequest("Content-Length values differ");
            }
        }
        if (!codings.isEmpty() && !(codings.size() == 1 && codings.getFirst().toLowerCase(Locale.ROOT).equals("chunked"))) {
            // Only chunked is decoded here; any other coding, or one after chunked, leaves the length unknown.
            throw badRequest("Transfer-Encoding must be exactly chunked");
        }
    }

    /** Every comma-separated element of every field line of a header, trimmed. */
    private static List<String> values(Headers headers, io.helidon.http.HeaderName name) {
        List<String> values = new ArrayList<>();
        for (String line : headers.all(name, List::of)) {
            for (String element : line.split(",", -1)) {
                values.add(element.strip());
            }
        }
        return values;
    }

    private static RequestException badRequest(String message) {
        return RequestException.builder()
                .type(DirectHandler.EventType.BAD_REQUEST)
                .status(Status.BAD_REQUEST_400)
                .setKeepAlive(false)
                .message(message)
                .build();
    }
}
