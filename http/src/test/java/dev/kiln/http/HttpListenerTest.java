package dev.kiln.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared hardening over raw sockets, on a listener with small limits. */
class HttpListenerTest {

    private HttpListener listener;

    private HttpListener start(ListenerSettings settings) {
        listener = HttpListener.builder("test")
                .settings(settings)
                .routing(routing -> routing.get("/", (req, res) -> res.send("ok")))
                .start();
        return listener;
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @Test
    void aConnectionOverTheLimitIsAnswered503AndClosedAndAFreedSlotIsReused() throws Exception {
        start(new ListenerSettings(20, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), listener.port()));
            }
            org.awaitility.Awaitility.await().until(() -> listener.status().connections() == 20);
            try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
                extra.setSoTimeout(10_000);
                String refusal = readAll(extra.getInputStream());
                assertThat(refusal).startsWith("HTTP/1.1 503").contains("Connection: close");
            }
            held.removeFirst().close();
            org.awaitility.Awaitility.await().until(() -> listener.status().connections() == 19);
            assertThat(get("/")).startsWith("HTTP/1.1 200").endsWith("ok");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aHeaderBlockStillTricklingAtTheDeadlineIsClosed() throws Exception {
        start(new ListenerSettings(100, Duration.ofMillis(500), Duration.ofSeconds(30)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            // One byte every 100 ms: never idle, but the header block never ends.
            while (!closed && System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
                try {
                    socket.getOutputStream().write('a');
                    Thread.sleep(100);
                } catch (SocketException e) {
                    closed = true;
                }
                socket.setSoTimeout(1);
                try {
                    closed |= socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // not yet
                } catch (SocketException e) {
                    closed = true;
                }
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(get("/")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        start(new ListenerSettings(100, Duration.ofSeconds(30), Duration.ofMillis(500)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            socket.setSoTimeout(10_000);
            assertThat(readAll(socket.getInputStream())).isEmpty();
        }
        assertThat(listener.status().accepting()).isTrue();
    }

    private String get(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return readAll(socket.getInputStream());
        }
    }

    /** Everything until the server closes the connection. */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (SocketException reset) {
            // closed with unread input on its side: what arrived before counts
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
