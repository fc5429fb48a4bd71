package dev.kiln.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The opening handshake of RFC 6455 §4.2: what a client must send, and the accept key the server answers with. */
final class WebSocketHandshake {

    /** RFC 6455 §1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /**
     * @param method the request method
     * @param header looks up a request header's first value by lower-case name
     * @return why the request is not a valid WebSocket opening handshake, or empty if it is one
     */
    static Optional<String> problem(String method, Function<String, Optional<String>> header) {
        if (!method.equals("GET")) {
            return Optional.of("a WebSocket handshake must be a GET request, got " + method);
        }
        if (!header.apply("upgrade").map(v -> v.trim().equalsIgnoreCase("websocket")).orElse(false)) {
            return Optional.of("the Upgrade header must be 'websocket'");
        }
        boolean connectionUpgrade = header.apply("connection")
                .map(v -> java.util.Arrays.stream(v.split(",")).anyMatch(t -> t.trim().equalsIgnoreCase("upgrade")))
                .orElse(false);
        if (!connectionUpgrade) {
            return Optional.of("the Connection header must include 'Upgrade'");
        }
        String version = header.apply("sec-websocket-version").orElse("");
        if (!version.trim().equals("13")) {
            return Optional.of("Sec-WebSocket-Version must be 13, got '" + version + "'");
        }
        String key = header.apply("sec-websocket-key").orElse("").trim();
        if (decodedLength(key) != 16) {
            return Optional.of("Sec-WebSocket-Key must be 16 bytes in base64, got '" + key + "'");
        }
        return Optional.empty();
    }

    private static int decodedLength(String key) {
        try {
            return Base64.getDecoder().decode(key).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** @return the {@code Sec-WebSocket-Accept} value for the client's key */
    static String acceptKey(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** @return whether the request asked for a WebSocket upgrade at all (valid or not) */
    static boolean asked(Function<String, Optional<String>> header) {
        return header.apply("upgrade").map(v -> v.trim().toLowerCase(Locale.ROOT).equals("websocket")).orElse(false);
    }
}
