package dev.kiln.runtime;

import dev.kiln.spi.KilnThreads;
import dev.kiln.spi.OutputGate;
import dev.kiln.api.WebSocket;
import dev.kiln.spi.AcceptingWebSocket;
import dev.kiln.api.WebSocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiln's server socket: what {@link WebSocket#create()} returns. Before the upgrade it queues sends; once the
 * server {@linkplain #connect connects} it to a transport it sends through it, and it runs the handler for each
 * event the server delivers. Events come from the connection's one reader thread, so they never overlap; each
 * runs as its own invocation of the worker that created the socket (fresh limits, bindings usable).
 */
final class ServerWebSocket implements AcceptingWebSocket, WebSocketEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ServerWebSocket.class);
    /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, 2 of them the code. */
    private static final int MAX_REASON_BYTES = 123;
    /** What a socket may buffer before its upgrade: enough for a greeting, not for a forgotten socket's broadcasts. */
    private static final long MAX_PENDING_BYTES = 1 << 20;
    /** How long an accepted socket waits for the server to connect it to its client (the upgrade). */
    private static final Duration UPGRADE_DEADLINE = Duration.ofSeconds(30);

    /** One timer thread for every socket's upgrade deadline; the abandoning itself runs on a virtual thread. */
    private static final class Timers {
        static final ScheduledExecutorService INSTANCE = KilnThreads.scheduler("kiln-ws-upgrade-deadline");
    }

    private final Deployment deployment; // null when created outside an invocation
    private final Duration upgradeDeadline;
    private volatile int maxMessageBytes = MAX_MESSAGE_BYTES;
    private final String requestId;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Object> pending = new ArrayList<>(); // String or byte[] sent before the upgrade
    private final List<TailEvent.ExceptionInfo> failures = new ArrayList<>(0);
    private volatile Handler handler;
    private volatile byte[] attachment; // JSON, or null
    private volatile ReadyState state = ReadyState.CONNECTING;
    private WebSocketTransport transport;
    private int pendingCloseCode;
    private String pendingCloseReason;
    private boolean pendingClose;
    private boolean closedLocally;
    private long pendingBytes;
    private TailBus tail;
    private long openNanos;
    private long openMillis;

    ServerWebSocket(Invocation creator) {
        this(creator, UPGRADE_DEADLINE);
    }

    /** @param upgradeDeadline how long an accepted socket may wait for its client before it is abandoned */
    ServerWebSocket(Invocation creator, Duration upgradeDeadline) {
        this.deployment = creator == null ? null : creator.deployment();
        this.requestId = creator == null ? "-" : creator.requestId();
        this.upgradeDeadline = upgradeDeadline;
    }

    @Override
    public void accept(Handler handler) {
        Objects.requireNonNull(handler);
        if (OutputGate.active()) {
            // Its events would run beside the object's own, breaking one-event-at-a-time (bindings.md §2.4).
            throw new IllegalStateException("inside a Durable Object, accept WebSockets with state.acceptWebSocket(ws, tags):"
                    + " their events then run as events of the object");
        }
        acceptWith(handler, MAX_MESSAGE_BYTES);
    }

    /**
     * Accepts the socket for a Durable Object's {@code acceptWebSocket}: the handler turns events into events of
     * the object.
     *
     * @param maxMessageBytes the largest message the client may send it
     * @throws IllegalStateException if the socket was already accepted
     */
    public void acceptWith(Handler handler, int maxMessageBytes) {
        lock.lock();
        try {
            if (this.handler != null) {
                throw new IllegalStateException("this WebSocket was already accepted");
            }
            this.handler = handler;
            this.maxMessageBytes = maxMessageBytes;
        } finally {
            lock.unlock();
        }
        // A socket the worker accepted but never returned in a 101 (or whose 101 was dropped on the way) would
        // otherwise stay listed by its object forever.
        Timers.INSTANCE.schedule(this::abandon, upgradeDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public void send(String message) {
        Objects.requireNonNull(message);
        enqueue(message);
    }

    @Override
    public void send(byte[] message) {
        enqueue(message.clone());
    }

    private void enqueue(Object message) {
        lock.lock();
        try {
            if (!sendable()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        if (!OutputGate.hold(() -> transmit(message))) {
            transmit(message);
        }
    }

    /** Hands a message to the connection, or keeps it until the upgrade; dropped once the socket has closed. */
    private void transmit(Object message) {
        boolean overflow = false;
        lock.lock();
        try {
            if (transport == null) {
                if (state == ReadyState.CLOSED) {
                    return; // abandoned: it will never connect
                }
                pending.add(message);
                pendingBytes += message instanceof String text ? text.length() * 3L : ((byte[]) message).length;
                overflow = pendingBytes > MAX_PENDING_BYTES;
            } else if (message instanceof String text) {
                transport.sendText(text);
            } else {
                transport.sendBinary((byte[]) message);
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            // Never returned in a 101 (or the client never came): stop buffering for it.
            Logger log = deployment == null ? LOG : deployment.log();
            log.warn("[{}] a WebSocket that was never connected to a client buffered over {} bytes; closing it", requestId, MAX_PENDING_BYTES);
            abandon();
        }
    }

    /**
     * @return false to drop the message: the client is gone, which a sender (say, a broadcast loop) cannot
     *     foresee, so it is not an error (as in browsers)
     * @throws IllegalStateException for the sender's own mistakes: not accepted, or sending after close()
     */
    private boolean sendable() {
        if (handler == null) {
            throw new IllegalStateException("accept() the WebSocket before sending on it");
        }
        if (closedLocally) {
            throw new IllegalStateException("cannot send on a WebSocket after close()");
        }
        return state != ReadyState.CLOSED && state != ReadyState.CLOSING;
    }

    @Override
    public void close(int code, String reason) {
        Objects.requireNonNull(reason);
        if (!sendable(code)) {
            throw new IllegalArgumentException("WebSocket close code must be 1000..1003, 1007..1014 or 3000..4999, got " + code);
        }
        int length = reason.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("WebSocket close reason is too long: " + length + " bytes > " + MAX_REASON_BYTES);
        }
        lock.lock();
        try {
            closedLocally = true;
        } finally {
            lock.unlock();
        }
        closeWith(code, reason);
    }

    /** RFC 6455 §7.4: codes that may appear in a close frame (1004-1006 and 1015 are reserved). */
    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private void closeWith(int code, String reason) {
        lock.lock();
        try {
            if (state == ReadyState.CLOSING || state == ReadyState.CLOSED) {
                return;
            }
            state = ReadyState.CLOSING;
        } finally {
            lock.unlock();
        }
        if (!OutputGate.hold(() -> transmitClose(code, reason))) {
            transmitClose(code, reason);
        }
    }

    private void transmitClose(int code, String reason) {
        lock.lock();
        try {
            if (transport == null) {
                pendingCloseCode = code;
                pendingCloseReason = reason;
                pendingClose = true;
            } else {
                transport.sendClose(code, reason);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public void serializeAttachment(Object value) {
        byte[] json = dev.kiln.api.Json.encode(value);
        if (json.length > MAX_ATTACHMENT_BYTES) {
            throw new IllegalArgumentException("WebSocket attachment is too large: " + json.length + " bytes of JSON > " + MAX_ATTACHMENT_BYTES);
        }
        attachment = json;
    }

    @Override
    public <T> Optional<T> deserializeAttachment(Class<T> type) {
        byte[] json = attachment;
        return json == null ? Optional.empty() : Optional.of(dev.kiln.api.Json.decode(json, type));
    }

    /**
     * Connects the socket to its client after the server wrote the {@code 101}: flushes what was sent before.
     *
     * @throws IllegalStateException if it was not accepted or is already connected
     */
    public void connect(WebSocketTransport transport, TailBus tail) {
        lock.lock();
        try {
            if (handler == null) {
                throw new IllegalStateException("the worker returned a WebSocket it did not accept()");
            }
            if (this.transport != null) {
                throw new IllegalStateException("this WebSocket is already connected to a client");
            }
            if (state == ReadyState.CLOSED) {
                throw new IllegalStateException("this WebSocket was closed before the upgrade (not connected within "
                        + upgradeDeadline.toSeconds() + " s, or over " + MAX_PENDING_BYTES + " bytes buffered)");
            }
            this.transport = transport;
            this.tail = tail;
            this.openNanos = System.nanoTime();
            this.openMillis = System.currentTimeMillis();
            for (Object message : pending) {
                if (message instanceof String text) {
                    transport.sendText(text);
                } else {
                    transport.sendBinary((byte[]) message);
                }
            }
            pending.clear();
            if (pendingClose) {
                transport.sendClose(pendingCloseCode, pendingCloseReason);
            } else if (state == ReadyState.CONNECTING) {
                state = ReadyState.OPEN;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The socket will never reach a client: the server answered its request with an error (no upgrade was asked
     * for, or the handshake was invalid), or it was not connected within the deadline, or it buffered too much.
     * It closes without connecting, and its handler hears about it. Does nothing once connected.
     */
    public void abandon() {
        lock.lock();
        try {
            if (transport != null || state == ReadyState.CLOSED) {
                return;
            }
            pending.clear();
        } finally {
            lock.unlock();
        }
        state = ReadyState.CLOSED;
        if (handler != null) {
            // On its own thread: the caller may be an object's event, and the close is an event of that object.
            KilnThreads.start("kiln-ws-abandoned-" + requestId, () -> onClose(ABNORMAL_CLOSURE, "the WebSocket upgrade did not happen", false));
        }
    }

    @Override
    public void onText(String message) {
        deliver("message", h -> h.onText(this, message));
    }

    @Override
    public void onBinary(byte[] message) {
        deliver("message", h -> h.onBinary(this, message));
    }

    @Override
    public void onError(int code, String reason) {
        WebSocketException error = new WebSocketException(code, reason);
        record(error);
        state = ReadyState.CLOSED;
        deliver("error", h -> h.onError(this, error));
    }

    @Override
    public void onClose(int code, String reason, boolean wasClean) {
        state = ReadyState.CLOSED;
        deliver("close", h -> h.onClose(this, code, reason, wasClean));
        publishClose(code, reason, wasClean);
    }

    private interface Event {
        void run(Handler handler) throws Exception;
    }

    /** Runs one event as its own invocation; a handler that throws gets the socket closed with 1011. */
    private void deliver(String kind, Event event) {
        Invocation invocation = deployment == null ? null : new Invocation(deployment, requestId, false, null);
        if (invocation != null) {
            invocation.enter();
        }
        try {
            event.run(handler);
            if (invocation != null) {
                invocation.checkCpu();
            }
        } catch (Exception | LinkageError | StackOverflowError e) {
            record(e);
            Logger log = deployment == null ? LOG : deployment.log();
            log.error("[{}] WebSocket {} handler threw; closing the socket with 1011", requestId, kind, e);
            closeWith(INTERNAL_ERROR, "Internal Error");
        } finally {
            if (invocation != null) {
                invocation.exit();
            }
        }
    }

    private void record(Throwable error) {
        synchronized (failures) {
            failures.add(new TailEvent.ExceptionInfo(System.currentTimeMillis(), error.getClass().getName(),
                    String.valueOf(error.getMessage()), stack(error)));
        }
    }

    /** One tail event per socket, when it closes: how it ended and what failed on the way. */
    private void publishClose(int code, String reason, boolean wasClean) {
        if (tail == null || !tail.active() || deployment == null) {
            return;
        }
        List<TailEvent.ExceptionInfo> exceptions;
        synchronized (failures) {
            exceptions = List.copyOf(failures);
        }
        String outcome = !exceptions.isEmpty() ? "exception" : code == ABNORMAL_CLOSURE ? "canceled" : "ok";
        String line = "WebSocket closed: " + code + (reason.isEmpty() ? "" : " " + reason) + (wasClean ? " (clean)" : " (not clean)");
        tail.publish(new TailEvent(deployment.name(), requestId, openMillis, "websocket", Optional.empty(), Optional.of(101),
                Optional.empty(), outcome, List.of(new TailEvent.LogLine(System.currentTimeMillis(), "info", deployment.secretMask().apply(line))),
                exceptions.stream().map(e -> new TailEvent.ExceptionInfo(e.timestamp(), e.name(),
                        deployment.secretMask().apply(e.message()), deployment.secretMask().apply(e.stack()))).toList(),
                -1, (System.nanoTime() - openNanos) / 1000));
    }

    private static String stack(Throwable error) {
        java.io.StringWriter trace = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(trace));
        return trace.toString();
    }
}
