package dev.kiln.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a worker comes from: its configuration file (or directory), the environment to resolve and
 * {@code --var} overrides. Kept so the worker can be re-read when its files change.
 */
public record WorkerSpec(Path config, Optional<String> env, Map<String, String> vars) {

    public WorkerSpec {
        vars = Map.copyOf(vars);
    }

    /** @return a spec for the top-level environment with no overrides */
    public static WorkerSpec of(Path config) {
        return new WorkerSpec(config, Optional.empty(), Map.of());
    }
}
