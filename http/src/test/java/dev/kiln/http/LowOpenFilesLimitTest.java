package dev.kiln.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener in a child JVM started with {@code prlimit --nofile=400}: a flood of 2,000 stalled connections is
 * refused or timed out without the accept loop ever failing, and when the process's descriptors run out anyway
 * (files opened elsewhere, taking every descriptor freed), the listener reports it is not accepting and comes
 * back on the same port once descriptors are free.
 */
class LowOpenFilesLimitTest {

    private static final int OPEN_FILES = 400;
    private static final int FLOOD = 2_000;

    @TempDir
    Path dir;
    private Process child;
    private BufferedReader out;
    private PrintWriter in;
    private Path log;
    private int port;

    @BeforeEach
    void startChild() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        log = dir.resolve("child.log");
        child = new ProcessBuilder("prlimit", "--nofile=" + OPEN_FILES + ":" + OPEN_FILES,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkiln.http.headerTimeout=PT1S", "-Dkiln.http.idleTimeout=PT2S",
                "-cp", classPath, ListenerProcess.class.getName())
                .redirectError(log.toFile())
                .start();
        out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = out.readLine();
        assertThat(first).as("child's first line; its log: %s", Files.exists(log) ? Files.readString(log) : "").startsWith("port ");
        port = Integer.parseInt(first.substring(5));
    }

    @AfterEach
    void stopChild() throws Exception {
        child.destroy();
        child.waitFor();
    }

    @Test
    void aFloodUnderALowOpenFilesLimitNeverStopsTheAcceptLoop() throws Exception {
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < FLOOD; i++) {
                outcomes.add(clients.submit(this::stall));
            }
            int refused = 0;
            for (Future<String> outcome : outcomes) {
                String response = outcome.get();
                if (response.startsWith("HTTP/1.1 503")) {
                    refused++;
                } else {
                    assertThat(response).as("a stalled connection is closed without an answer").isEmpty();
                }
            }
            assertThat(refused).isPositive();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> get().endsWith("ok"));
        assertThat(Files.readString(log)).doesNotContain("terminating").doesNotContain("stopped accepting");
    }

    @Test
    void whenDescriptorsRunOutTheListenerSaysSoAndComesBackOnTheSamePort() throws Exception {
        in.println("exhaust");
        assertThat(reply("exhausted ")).isNotNull();
        // Accepting this connection needs a descriptor there is none of: Helidon's accept loop fails.
        try (Socket victim = new Socket()) {
            victim.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        } catch (IOException refusedOrTimedOut) {
            // either way the point is the listener's side
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> status().contains("accepting=false"));

        in.println("release");
        assertThat(reply("released")).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> get().endsWith("ok"));
        await().atMost(Duration.ofSeconds(5)).until(() -> status().contains("accepting=true"));
    }

    private String status() throws IOException {
        in.println("status");
        return reply("Status[");
    }

    /** The child's next line starting with the prefix (a status asked by a poll that was given up may come first). */
    private String reply(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /** Connects, sends half a header block and waits for the server to answer or close. */
    private String stall() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
            socket.setSoTimeout(30_000);
            OutputStream output = socket.getOutputStream();
            output.write("GET / HTTP/1.1\r\nHost: x\r\nX-Stall: ".getBytes(StandardCharsets.US_ASCII));
            return HttpListenerTest.readAll(socket.getInputStream());
        } catch (java.net.SocketException refusedWhileWriting) {
            return "";
        }
    }

    private String get() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return HttpListenerTest.readAll(socket.getInputStream());
        } catch (IOException notYet) {
            return "";
        }
    }
}
