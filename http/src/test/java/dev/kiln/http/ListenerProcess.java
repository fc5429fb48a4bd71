package dev.kiln.http;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listener in a process of its own, for {@link LowOpenFilesLimitTest}, which starts it under a low open-files
 * limit. Prints {@code port N}, then answers lines on standard input: {@code exhaust} opens files until the
 * limit is reached and keeps taking every descriptor that is freed, {@code release} stops and closes them,
 * {@code status} prints the listener's status.
 */
public final class ListenerProcess {

    private ListenerProcess() {
    }

    public static void main(String[] args) throws IOException {
        HttpListener listener = HttpListener.builder("child")
                .routing(routing -> routing.get("/", (req, res) -> res.send("ok")))
                .start();
        // Classes come from a directory here, and loading one takes a descriptor (from a jar, as in a
        // distribution, it does not); a class that failed to load once stays failed. So load them all now.
        warmUp(listener.port());
        System.err.println("started: " + listener.status());
        System.out.println("port " + listener.port());
        List<FileInputStream> hoard = new ArrayList<>();
        AtomicBoolean hoarding = new AtomicBoolean();
        Thread hoarder = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line) {
                case "exhaust" -> {
                    hoarding.set(true);
                    CountDownLatch full = new CountDownLatch(1);
                    hoarder = Thread.ofPlatform().start(() -> {
                        while (hoarding.get()) {
                            try {
                                hoard.add(new FileInputStream("/dev/null"));
                            } catch (IOException limitReached) {
                                full.countDown();
                                Thread.onSpinWait();
                            }
                        }
                    });
                    await(full);
                    System.out.println("exhausted " + hoard.size());
                }
                case "release" -> {
                    hoarding.set(false);
                    join(hoarder);
                    for (FileInputStream file : hoard) {
                        file.close();
                    }
                    hoard.clear();
                    System.out.println("released");
                }
                case "status" -> System.out.println(listener.status());
                default -> System.out.println("unknown " + line);
            }
        }
        listener.close();
    }

    private static void warmUp(int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
