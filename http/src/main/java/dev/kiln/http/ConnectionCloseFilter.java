package dev.kiln.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Ends the connection after a response that says {@code Connection: close}. Helidon 4.3 sends the header but
 * keeps reading the connection, skipping the unread request body only by accident of parsing: a request refused
 * with 413 before its body was read had that body parsed as the next request (request smuggling). Upstream:
 * helidon-io/helidon#12324 (fixed in Helidon's 4.x branch after 4.5.3); drop this filter once Kiln runs a release
 * with that fix.
 */
final class ConnectionCloseFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (res.isSent() && res.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("the response asked to close the connection");
        }
    }
}
