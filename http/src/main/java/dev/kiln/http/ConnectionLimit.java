package dev.kiln.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listener's only connection selector: counts open connections and answers one over the limit with 503
 * and {@code Connection: close}. Being the only selector also means Helidon hands it each connection as soon
 * as it is accepted, without waiting for bytes, so a client that connects and sends nothing is counted and
 * falls under the idle timeout.
 */
final class ConnectionLimit implements ServerConnectionSelector {

    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 29\r\nRetry-After: 1\r\n\r\ntoo many connections, retry\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerConnectionSelector http1;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(ServerConnectionSelector http1, int max) {
        this.http1 = http1;
        this.max = max;
    }

    /** @return connections open now, refused ones not counted */
    int open() {
        return open.get();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return new Refused(ctx);
        }
        return new Counted(http1.connection(ctx));
    }

    private final class Counted implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection delegate;

        Counted(ServerConnection delegate) {
            this.delegate = delegate;
        }

        @Override
        public void handle(io.helidon.common.concurrency.limits.Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }
    }

    /** Writes the refusal; Helidon closes the socket when {@link #handle} returns. */
    private record Refused(ConnectionContext ctx) implements ServerConnection {
        @Override
        public void handle(io.helidon.common.concurrency.limits.Limit limit) {
            ctx.dataWriter().writeNow(BufferData.create(REFUSAL));
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
        }
    }
}
