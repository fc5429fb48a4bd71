package dev.kiln.server;

import dev.kiln.api.WebSocket;
import dev.kiln.runtime.WebSocketEndpoint;
import dev.kiln.runtime.WebSocketTransport;
import dev.kiln.spi.KilnThreads;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded WebSocket connection. The connection's own thread reads frames and delivers the client's
 * events to the endpoint, one at a time; a writer thread sends queued frames in order, so senders never block
 * on a slow client. The writer also pings a quiet client and drops one that stopped answering, and bounds
 * how long the closing handshake may take.
 */
final class WebSocketConnection implements ServerConnection, WebSocketTransport {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
    private static final byte[] END = new byte[0];
    /** How long a stopping server waits for a socket's close frame to be written before dropping it. */
    private static final long CLOSE_FLUSH_MILLIS = 200;

    /** How the connection watches its client. */
    record Timing(Duration pingInterval, Duration deadAfter, Duration closeTimeout, long maxQueuedBytes) {
        /** Ping after 30 s of silence, drop after 90 s, 5 s for the peer's close frame, 16 MiB unsent at most. */
        static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(5), 16L << 20);
    }

    private final ConnectionContext ctx;
    private final Timing timing;
    private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    /** The close frame we queued, and a latch the writer opens once it is on the wire. */
    private volatile byte[] closeFrame;
    private final java.util.concurrent.CountDownLatch closeWritten = new java.util.concurrent.CountDownLatch(1);
    private final AtomicBoolean closeDelivered = new AtomicBoolean();
    private volatile WebSocketEndpoint endpoint;
    private volatile long lastInbound = System.nanoTime();
    private volatile long closeSentAt;
    private volatile boolean aborted;
    private volatile boolean readingNetwork;
    private volatile Thread reader;
    private volatile Thread writer;

    WebSocketConnection(ConnectionContext ctx, Timing timing) {
        this.ctx = ctx;
        this.timing = timing;
    }

    /** Sets where the client's events go; called once, before {@link #handle}. */
    void endpoint(WebSocketEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void handle(Limit limit) {
        reader = Thread.currentThread();
        writer = KilnThreads.start("kiln-ws-writer-" + ctx.socketId() + "-" + ctx.childSocketId(), this::writeLoop);
        try {
            readLoop(new WebSocketFrameReader(new Input(), endpoint.maxMessageBytes()));
        } finally {
            Thread.interrupted(); // an abort may have interrupted us after the last read
            outbound.offer(END);
            try {
                writer.join(timing.closeTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                writer.interrupt();
            }
        }
    }

    private void readLoop(WebSocketFrameReader frames) {
        while (true) {
            WebSocketFrameReader.Inbound inbound;
            try {
                inbound = frames.next();
            } catch (WebSocketFrameException e) {
                fail(frames, e);
                return;
            } catch (ClientGone e) {
                deliverClose(WebSocket.ABNORMAL_CLOSURE, "", false);
                return;
            }
            lastInbound = System.nanoTime();
            switch (inbound) {
                case WebSocketFrameReader.Text text -> {
                    if (!closeSent.get()) {
                        endpoint.onText(text.text());
                    }
                }
                case WebSocketFrameReader.Binary binary -> {
                    if (!closeSent.get()) {
                        endpoint.onBinary(binary.data());
                    }
                }
                case WebSocketFrameReader.Ping ping -> {
                    if (!closeSent.get()) {
                        enqueue(WebSocketFrames.encode(WebSocketFrameReader.PONG, ping.payload()), true);
                    }
                }
                case WebSocketFrameReader.Pong pong -> {
                    // proof of life, recorded above
                }
                case WebSocketFrameReader.Close close -> {
                    // RFC 6455 §5.5.1: answer a close frame with one of our own (echoing its code), unless we sent ours first.
                    sendClose(close.code(), "");
                    deliverClose(close.code(), close.reason(), true);
                    return;
                }
            }
        }
    }

    /** Fails the connection (RFC 6455 §7.1.7): close frame with the code, events, then read on to the client's close. */
    private void fail(WebSocketFrameReader frames, WebSocketFrameException e) {
        sendClose(e.closeCode(), e.getMessage());
        endpoint.onError(e.closeCode(), e.getMessage());
        deliverClose(e.closeCode(), e.getMessage(), false);
        // Reading on lets the client receive our close frame instead of a reset for the bytes it still sends.
        try {
            if (e.framingIntact()) {
                frames.awaitClose(e.unreadBytes());
            } else {
                new Input().drain();
            }
        } catch (ClientGone | WebSocketFrameException ignored) {
            // the client hung up or kept misbehaving: the connection ends either way
        }
    }

    private void deliverClose(int code, String reason, boolean wasClean) {
        if (closeDelivered.compareAndSet(false, true)) {
            endpoint.onClose(code, reason, wasClean);
        }
    }

    @Override
    public void sendText(String message) {
        if (!closeSent.get()) {
            enqueue(WebSocketFrames.encode(WebSocketFrameReader.TEXT, message.getBytes(StandardCharsets.UTF_8)), false);
        }
    }

    @Override
    public void sendBinary(byte[] message) {
        if (!closeSent.get()) {
            enqueue(WebSocketFrames.encode(WebSocketFrameReader.BINARY, message), false);
        }
    }

    @Override
    public void sendClose(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            closeSentAt = System.nanoTime();
            byte[] frame = WebSocketFrames.close(code, reason);
            closeFrame = frame;
            enqueue(frame, true);
        }
    }

    private void enqueue(byte[] frame, boolean control) {
        long queued = queuedBytes.addAndGet(frame.length);
        if (!control && queued > timing.maxQueuedBytes()) {
            queuedBytes.addAndGet(-frame.length);
            LOG.warn("WebSocket client {} is not reading: {} bytes queued > limit {}; dropping the connection",
                    ctx.remotePeer().address(), queued, timing.maxQueuedBytes());
            abort();
            return;
        }
        outbound.offer(frame);
    }

    private void writeLoop() {
        long lastPing = System.nanoTime();
        try {
            while (true) {
                byte[] frame = outbound.poll(untilNextCheck(lastPing), TimeUnit.NANOSECONDS);
                if (frame == END) {
                    return;
                }
                if (frame != null) {
                    queuedBytes.addAndGet(-frame.length);
                    ctx.dataWriter().writeNow(BufferData.create(frame));
                    if (frame == closeFrame) {
                        closeWritten.countDown();
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (closeSentAt != 0 && now - closeSentAt >= timing.closeTimeout().toNanos()) {
                    abort(); // the client never answered our close frame
                    return;
                }
                if (now - lastInbound >= timing.deadAfter().toNanos()) {
                    abort(); // no frame, not even a pong, for too long: the client is gone
                    return;
                }
                if (!closeSent.get() && now - lastInbound >= timing.pingInterval().toNanos()
                        && now - lastPing >= timing.pingInterval().toNanos()) {
                    ctx.dataWriter().writeNow(BufferData.create(WebSocketFrames.encode(WebSocketFrameReader.PING, new byte[0])));
                    lastPing = now;
                }
            }
        } catch (InterruptedException e) {
            // aborted, or the reader gave up waiting for us
        } catch (RuntimeException e) {
            abort(); // the write failed: the client is gone; the reader reports the close
        }
    }

    private long untilNextCheck(long lastPing) {
        long now = System.nanoTime();
        long next = Math.max(lastInbound, lastPing) + timing.pingInterval().toNanos();
        next = Math.min(next, lastInbound + timing.deadAfter().toNanos());
        if (closeSentAt != 0) {
            next = Math.min(next, closeSentAt + timing.closeTimeout().toNanos());
        }
        return Math.max(next - now, TimeUnit.MILLISECONDS.toNanos(10));
    }

    /** Drops the TCP connection: interrupting a virtual thread blocked on a socket closes the socket. */
    private void abort() {
        aborted = true;
        Thread r = reader;
        if (r != null && readingNetwork) {
            r.interrupt();
        }
        Thread w = writer;
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
        }
    }

    /**
     * Never idle to the listener: a quiet socket is legitimate (a hibernated object's, say), and its liveness is
     * watched here (pings, {@code deadAfter}), not by the listener's idle timeout, which may be shorter.
     */
    @Override
    public Duration idleTime() {
        return Duration.ZERO;
    }

    /** The server is stopping (or found the connection idle): say so with 1001; on interrupt, drop it now. */
    @Override
    public void close(boolean interrupt) {
        sendClose(WebSocket.GOING_AWAY, "Kiln is shutting down");
        if (interrupt) {
            // Give the writer a moment to put the close frame on the wire, so the client sees 1001, not a reset.
            try {
                closeWritten.await(CLOSE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            abort();
        }
    }

    /** The client hung up, reset the connection, or we dropped it. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super(cause == null ? "connection closed" : cause.toString(), cause, false, false);
        }
    }

    /** Frame bytes from the connection's reader; any failure to read means the client is gone. */
    private final class Input implements WebSocketFrameReader.Input {
        private final DataReader data = ctx.dataReader();

        @Override
        public int readByte() {
            enter();
            try {
                return data.read() & 0xFF;
            } catch (RuntimeException e) {
                throw new ClientGone(e);
            } finally {
                readingNetwork = false;
            }
        }

        @Override
        public void readFully(byte[] target, int offset, int length) {
            int done = 0;
            while (done < length) {
                int chunk = Math.min(length - done, available());
                System.arraycopy(read(chunk), 0, target, offset + done, chunk);
                done += chunk;
            }
        }

        @Override
        public void skip(long length) {
            long left = length;
            while (left > 0) {
                int chunk = (int) Math.min(left, available());
                read(chunk);
                left -= chunk;
            }
        }

        /** Reads and drops everything until the client hangs up. */
        void drain() {
            while (true) {
                read(available());
            }
        }

        private int available() {
            enter();
            try {
                data.ensureAvailable();
                return data.available();
            } catch (RuntimeException e) {
                throw new ClientGone(e);
            } finally {
                readingNetwork = false;
            }
        }

        private byte[] read(int length) {
            try {
                return data.readBytes(length);
            } catch (RuntimeException e) {
                throw new ClientGone(e);
            }
        }

        private void enter() {
            readingNetwork = true;
            if (aborted) {
                readingNetwork = false;
                throw new ClientGone(null);
            }
        }
    }
}
