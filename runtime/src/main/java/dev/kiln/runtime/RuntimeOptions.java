package dev.kiln.runtime;

import dev.kiln.spi.BackendSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link KilnRuntime} runs.
 *
 * @param stateDir the one directory holding all local state (printed at startup)
 * @param maxRequestBodyBytes request bodies above this get 413 (bindings.md §12: 100 MB by default)
 * @param testScheduled whether {@code /__scheduled} and {@code /cdn-cgi/handler/scheduled} fire crons by hand
 * @param watch whether to rebuild and reload a worker when its sources or configuration change
 * @param drainTimeout how long shutdown waits for in-flight requests and {@code waitUntil} work
 * @param buildDir where compiled worker classes are cached ({@code <stateDir>/build} by default)
 * @param backend the storage backend bindings keep their data in (the embedded one over {@code stateDir} by default)
 */
public record RuntimeOptions(Path stateDir, long maxRequestBodyBytes, boolean testScheduled, boolean watch, Duration drainTimeout,
                             Path buildDir, BackendSettings backend) {

    public static final long DEFAULT_MAX_REQUEST_BODY = 100L * 1024 * 1024;

    /** @return options with the defaults: 100 MB bodies, no test routes, no watching, 30 s drain */
    public static RuntimeOptions defaults(Path stateDir) {
        return new RuntimeOptions(stateDir, DEFAULT_MAX_REQUEST_BODY, false, false, Duration.ofSeconds(30), stateDir.resolve("build"),
                BackendSettings.embedded(stateDir));
    }

    public RuntimeOptions withTestScheduled(boolean on) {
        return new RuntimeOptions(stateDir, maxRequestBodyBytes, on, watch, drainTimeout, buildDir, backend);
    }

    public RuntimeOptions withWatch(boolean on) {
        return new RuntimeOptions(stateDir, maxRequestBodyBytes, testScheduled, on, drainTimeout, buildDir, backend);
    }

    public RuntimeOptions withMaxRequestBodyBytes(long bytes) {
        return new RuntimeOptions(stateDir, bytes, testScheduled, watch, drainTimeout, buildDir, backend);
    }

    public RuntimeOptions withDrainTimeout(Duration timeout) {
        return new RuntimeOptions(stateDir, maxRequestBodyBytes, testScheduled, watch, timeout, buildDir, backend);
    }

    public RuntimeOptions withBuildDir(Path dir) {
        return new RuntimeOptions(stateDir, maxRequestBodyBytes, testScheduled, watch, drainTimeout, dir, backend);
    }

    public RuntimeOptions withBackend(BackendSettings settings) {
        return new RuntimeOptions(stateDir, maxRequestBodyBytes, testScheduled, watch, drainTimeout, buildDir, settings);
    }
}
