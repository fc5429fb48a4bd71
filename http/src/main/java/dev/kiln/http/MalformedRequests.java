package dev.kiln.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers requests Helidon could not parse with the status that says why. Helidon 4.3 answers a header block
 * over the limit with 400 (RFC 6585 §5 has 431 for it), and an invalid method token such as {@code G(T} with 500:
 * its request-line reader lets the token validator's exception escape, which the connection loop reports as an
 * internal error with no request parsed yet.
 */
final class MalformedRequests implements DirectHandler {

    private static final String HEADERS_TOO_LARGE = "Header size exceeded";
    private static final Status HEADER_FIELDS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        Status status = defaultStatus;
        String text = message;
        if (eventType == EventType.BAD_REQUEST && HEADERS_TOO_LARGE.equals(message)) {
            status = HEADER_FIELDS_TOO_LARGE;
        } else if (eventType == EventType.INTERNAL_ERROR && request.method().isEmpty()) {
            // No request line was parsed: what failed was the client's request line.
            status = Status.BAD_REQUEST_400;
            text = "Malformed request line";
        }
        return DirectHandler.defaultHandler().handle(request, eventType, status, headers, text);
    }
}
