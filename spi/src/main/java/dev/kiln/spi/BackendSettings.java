package dev.kiln.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which storage backend a Kiln process uses and how to reach it.
 *
 * @param name the backend, {@code embedded} by default (SQLite files and blob files under the state directory)
 * @param stateDir the state directory: where the embedded backend keeps everything, and other backends
 *     their local files (caches, keys)
 * @param properties backend-specific settings (URLs, credentials by reference, ...)
 */
public record BackendSettings(String name, Path stateDir, Map<String, String> properties) {

    public static final String EMBEDDED = "embedded";

    public BackendSettings {
        stateDir = stateDir.toAbsolutePath().normalize();
        properties = Map.copyOf(properties);
    }

    /** @return the embedded backend over a state directory */
    public static BackendSettings embedded(Path stateDir) {
        return new BackendSettings(EMBEDDED, stateDir, Map.of());
    }

    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }
}
