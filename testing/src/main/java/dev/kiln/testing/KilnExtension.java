package dev.kiln.testing;

import dev.kiln.api.Body;
import dev.kiln.api.Headers;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.runtime.RuntimeOptions;
import dev.kiln.runtime.WorkerSpec;
import dev.kiln.server.KilnServer;
import dev.kiln.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs workers from their wrangler configuration for each test: real bindings in a fresh state directory
 * and a real server on a free loopback port. Nothing carries over from one test to the next, whatever a
 * test leaves behind: each test gets a new directory, which is deleted afterwards.
 *
 * {@snippet :
 * class HelloTest {
 *     @RegisterExtension
 *     final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml");
 *
 *     @Test
 *     void greets() {
 *         assertEquals("Hello", kiln.fetch("/").text());
 *     }
 * }
 * }
 *
 * <p>Compiled worker classes are cached under {@code target/kiln-build}, so each test pays only for
 * starting the runtime and server (tens of milliseconds).
 *
 * <p>Test output shows warnings, errors and the workers' console lines; set {@code KILN_LOG_LEVEL=info} (or
 * {@code debug}) in the environment for Kiln's and Helidon's own logs.
 */
public final class KilnExtension implements BeforeEachCallback, AfterEachCallback {

    static {
        TestLogging.configure(); // before any Kiln or Helidon class starts logging
    }

    private final List<Path> configs;
    private final Map<String, String> vars = new LinkedHashMap<>();
    private Optional<String> env = Optional.empty();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Path stateDir;
    private KilnServer server;

    private KilnExtension(List<Path> configs) {
        this.configs = configs;
    }

    /**
     * @param configs configuration files or directories (relative to the working directory); the first is the
     *     default worker
     */
    public static KilnExtension forConfig(String... configs) {
        if (configs.length == 0) {
            throw new IllegalArgumentException("give at least one configuration");
        }
        return new KilnExtension(Stream.of(configs).map(c -> Path.of(c).toAbsolutePath().normalize()).toList());
    }

    /** Selects an environment ({@code --env}). */
    public KilnExtension env(String name) {
        this.env = Optional.of(name);
        return this;
    }

    /** Adds a var override ({@code --var KEY=VALUE}). */
    public KilnExtension var(String key, String value) {
        vars.put(key, value);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        stateDir = Files.createTempDirectory("kiln-test-");
        Path buildCache = Path.of("target", "kiln-build").toAbsolutePath();
        RuntimeOptions options = RuntimeOptions.defaults(stateDir).withTestScheduled(true).withBuildDir(buildCache)
                .withDrainTimeout(Duration.ofSeconds(5));
        List<WorkerSpec> specs = new ArrayList<>();
        for (Path config : configs) {
            specs.add(new WorkerSpec(config, env, vars));
        }
        KilnRuntime runtime = KilnRuntime.start(options, specs);
        server = KilnServer.start(runtime, ServerOptions.ephemeral(UUID.randomUUID().toString()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            deleteTree(stateDir);
        }
    }

    /** @return the running server (for its runtime, admin URL and ports) */
    public KilnServer server() {
        if (server == null) {
            throw new IllegalStateException("Kiln runs only during a test (register the extension with @RegisterExtension)");
        }
        return server;
    }

    /** @return the worker listener's base URL */
    public URI url() {
        return server().url();
    }

    /** @return this test's state directory */
    public Path stateDir() {
        server();
        return stateDir;
    }

    /** @return the response to a GET of the path on the default worker */
    public Response fetch(String path) {
        return fetch(Request.get(url() + path));
    }

    /** Sends the request over HTTP to the server and returns the whole response. */
    public Response fetch(Request request) {
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(request.url())).timeout(Duration.ofSeconds(60));
        request.headers().forEach((name, value) -> {
            if (!name.equals("host") && !name.equals("content-length") && !name.equals("connection")) {
                out.header(name, value);
            }
        });
        byte[] body = request.body().bytes();
        out.method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            Headers.Builder headers = Headers.builder();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    values.forEach(v -> headers.add(name, v));
                }
            });
            return Response.of(response.statusCode(), headers.build(), Body.of(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
