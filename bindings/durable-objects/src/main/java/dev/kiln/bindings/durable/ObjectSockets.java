package dev.kiln.bindings.durable;

import dev.kiln.api.WebSocket;
import dev.kiln.api.WebSocketRequestResponsePair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hibernatable WebSockets of one Durable Object (bindings.md §2.3): which sockets it accepted, with their
 * tags, and its automatic response. Kept by the registry, not the instance, so they outlive the instance when
 * an idle object is evicted. A socket leaves the set when it closes, so {@link #sockets} never lists dead
 * ones. Thread-safe.
 */
final class ObjectSockets {

    /** bindings.md §2.3: at most 32,768 sockets per object, 10 tags per socket, 256 characters per tag. */
    static final int MAX_SOCKETS = 32_768;
    static final int MAX_TAGS = 10;
    static final int MAX_TAG_LENGTH = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<WebSocket, Entry> sockets = new LinkedHashMap<>();
    private volatile WebSocketRequestResponsePair autoResponse;

    private static final class Entry {
        final List<String> tags;
        volatile Instant autoResponseTimestamp;

        Entry(List<String> tags) {
            this.tags = tags;
        }
    }

    /**
     * Adds a socket with its tags.
     *
     * @throws IllegalArgumentException if the tags break the limits, or the socket is already accepted
     * @throws IllegalStateException if the object already holds {@link #MAX_SOCKETS} sockets
     */
    void add(WebSocket socket, List<String> tags) {
        Objects.requireNonNull(socket, "socket");
        List<String> copy = List.copyOf(tags);
        if (copy.size() > MAX_TAGS) {
            throw new IllegalArgumentException("a WebSocket may have at most " + MAX_TAGS + " tags, got " + copy.size());
        }
        for (String tag : copy) {
            if (tag.length() > MAX_TAG_LENGTH) {
                throw new IllegalArgumentException("WebSocket tag is too long: " + tag.length() + " characters > " + MAX_TAG_LENGTH);
            }
        }
        lock.lock();
        try {
            if (sockets.containsKey(socket)) {
                throw new IllegalArgumentException("this WebSocket was already accepted by acceptWebSocket");
            }
            if (sockets.size() >= MAX_SOCKETS) {
                throw new IllegalStateException("a Durable Object may hold at most " + MAX_SOCKETS + " WebSockets");
            }
            sockets.put(socket, new Entry(copy));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a socket that closed. */
    void remove(WebSocket socket) {
        lock.lock();
        try {
            sockets.remove(socket);
        } finally {
            lock.unlock();
        }
    }

    /** @return the open sockets, in the order they were accepted, optionally only those with the tag */
    List<WebSocket> sockets(Optional<String> tag) {
        lock.lock();
        try {
            List<WebSocket> out = new ArrayList<>(sockets.size());
            sockets.forEach((socket, entry) -> {
                if (socket.readyState() != WebSocket.ReadyState.CLOSED && (tag.isEmpty() || entry.tags.contains(tag.get()))) {
                    out.add(socket);
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return the socket's tags
     * @throws IllegalArgumentException if the socket was not accepted with {@code acceptWebSocket}
     */
    List<String> tags(WebSocket socket) {
        return entry(socket).tags;
    }

    void autoResponse(WebSocketRequestResponsePair pair) {
        this.autoResponse = pair;
    }

    Optional<WebSocketRequestResponsePair> autoResponse() {
        return Optional.ofNullable(autoResponse);
    }

    /**
     * Answers a message with the automatic response if it matches exactly, without waking the object.
     *
     * @return whether it was answered
     */
    boolean answered(WebSocket socket, String message) {
        WebSocketRequestResponsePair pair = autoResponse;
        if (pair == null || !pair.request().equals(message)) {
            return false;
        }
        socket.send(pair.response());
        lock.lock();
        try {
            Entry entry = sockets.get(socket);
            if (entry != null) {
                entry.autoResponseTimestamp = Instant.now();
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** @return when the socket last got the automatic response, if ever */
    Optional<Instant> autoResponseTimestamp(WebSocket socket) {
        return Optional.ofNullable(entry(socket).autoResponseTimestamp);
    }

    /** @return how many sockets are open */
    int size() {
        return sockets(Optional.empty()).size();
    }

    private Entry entry(WebSocket socket) {
        lock.lock();
        try {
            Entry entry = sockets.get(socket);
            if (entry == null) {
                throw new IllegalArgumentException("this WebSocket was not accepted with acceptWebSocket on this Durable Object");
            }
            return entry;
        } finally {
            lock.unlock();
        }
    }
}
