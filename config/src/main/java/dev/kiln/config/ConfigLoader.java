package dev.kiln.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Finds and reads wrangler configuration files. */
public final class ConfigLoader {

    /** config.md §1: the lookup order within one directory. */
    public static final List<String> FILE_NAMES = List.of("wrangler.json", "wrangler.jsonc", "wrangler.toml");

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
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            for (String name : FILE_NAMES) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new ConfigException(List.of(new Diagnostic(Diagnostic.Severity.ERROR, start.toAbsolutePath().normalize(), 0, 0,
                "no wrangler.json, wrangler.jsonc or wrangler.toml found here or in any parent directory")));
    }

    /**
     * Reads a configuration.
     *
     * @param fileOrDir a configuration file, or a directory to {@link #find} one from
     * @param env the environment to resolve ({@code --env}); empty for the top level (or {@code CLOUDFLARE_ENV})
     * @param extraVars {@code --var KEY=VALUE} overrides, applied over {@code vars}
     * @param readers the binding kinds this Kiln has (its binding registry); other binding keys are reported as
     *     not supported
     * @return the resolved configuration, with its warnings
     * @throws ConfigException on any error, with file:line:column
     */
    public static WorkerConfig load(Path fileOrDir, Optional<String> env, Map<String, String> extraVars,
                                    List<? extends BindingReader> readers) {
        return load(fileOrDir, env, extraVars, System::getenv, readers);
    }

    /** Like {@link #load(Path, Optional, Map, List)}, reading environment variables through {@code environment}. */
    public static WorkerConfig load(Path fileOrDir, Optional<String> env, Map<String, String> extraVars,
                                    Function<String, String> environment, List<? extends BindingReader> readers) {
        Path file = (Files.isDirectory(fileOrDir) ? find(fileOrDir) : fileOrDir).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of(new Diagnostic(Diagnostic.Severity.ERROR, file, 0, 0, "no such configuration file")));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return ConfigReader.read(file, Sources.parse(file, text), env, extraVars, environment, readers);
    }
}
