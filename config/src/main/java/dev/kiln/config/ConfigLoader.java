package dev.kiln.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds and reads wrangler configuration files. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Finds the configuration for a directory: walking up from {@code start}, the first directory holding
     * {@code wrangler.json}, then {@code wrangler.jsonc}, then {@code wrangler.toml} wins (config.md §1).
     *
     * @return the file found
     * @throws ConfigException if none is found
     */
    public static Path find(Path start) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Reads a configuration.
     *
     * @param fileOrDir a configuration file, or a directory to {@link #find} one from
     * @param env the environment to resolve ({@code --env}); empty for the top level
     * @param extraVars {@code --var KEY=VALUE} overrides, applied over {@code vars}
     * @return the resolved configuration, with its warnings
     * @throws ConfigException on any error, with file:line:column
     */
    public static WorkerConfig load(Path fileOrDir, Optional<String> env, Map<String, String> extraVars) {
        throw new UnsupportedOperationException("TODO");
    }
}
