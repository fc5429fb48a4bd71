package dev.kiln.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;

/**
 * {@code kiln dev} in a child JVM, for the kill -9 durability tests: started on a state directory, ready once it
 * prints "Ready on", and killed with SIGKILL so that no shutdown hook runs.
 */
final class KilnDevProcess implements AutoCloseable {

    /** One client's request; throws when the server is gone, which ends that client. */
    @FunctionalInterface
    interface ClientRequest {
        void send(int client, int request) throws IOException, InterruptedException;
    }

    private final Process process;
    private final String url;
    private final StringBuffer output;

    private KilnDevProcess(Process process, String url, StringBuffer output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /**
     * Writes a worker project {@code kiln dev} builds: {@code wrangler.toml} and its one class {@code w.<className>}.
     *
     * @return the project directory
     */
    static Path workerProject(Path dir, String toml, String className, String source) throws IOException {
        Files.createDirectories(dir.resolve("src/main/java/w"));
        Files.writeString(dir.resolve("wrangler.toml"), toml);
        Files.writeString(dir.resolve("src/main/java/w/" + className + ".java"), source);
        return dir;
    }

    /** Starts {@code kiln dev} for {@code worker} on {@code state} and waits until it serves. */
    static KilnDevProcess start(Path worker, Path state) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "dev", worker.toString(), "--ip", "127.0.0.1", "--port", "0",
                "--persist-to", state.toString(), "--no-watch")
                .redirectErrorStream(true).start();
        try {
            StringBuffer output = new StringBuffer();
            return new KilnDevProcess(process, awaitReady(process, output), output);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** @return everything the child has printed so far (its log included) */
    String output() {
        return output.toString();
    }

    /** @return the worker's base URL */
    String url() {
        return url;
    }

    /**
     * Runs {@code clients} request loops in parallel until {@code enough} holds (waiting at most {@code atMost}),
     * then kills the process mid-load. A client stops at its first failed request.
     */
    void killNineUnderLoad(int clients, Duration atMost, Callable<Boolean> enough, ClientRequest request)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                load.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            request.send(client, i);
                        } catch (IOException | InterruptedException e) {
                            return; // the server was killed
                        }
                    }
                });
            }
            try {
                Awaitility.await().atMost(atMost).until(enough);
            } finally {
                killNine();
                stop.set(true);
            }
        }
    }

    /** SIGKILL: no shutdown hook runs. */
    void killNine() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        killNine();
    }

    /** @return the worker URL once the child prints "Ready on" */
    private static String awaitReady(Process process, StringBuffer seen) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            seen.append(line).append('\n');
            int at = line.indexOf("Ready on ");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> drain(lines, seen));
                return line.substring(at + "Ready on ".length()).trim();
            }
        }
        throw new IllegalStateException("kiln dev exited before it was ready:\n" + seen);
    }

    private static void drain(BufferedReader lines, StringBuffer seen) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                seen.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }
}
