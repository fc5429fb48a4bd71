package dev.kiln.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Local secrets, as {@code wrangler dev} finds them (config.md §6): {@code .dev.vars} (or {@code .dev.vars.<env>}
 * instead), else the {@code .env} family merged in order with {@code ${VAR}} expansion. Values never appear in
 * diagnostics.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    static Map<String, String> load(Path dir, Optional<String> env, Optional<List<String>> required, Set<String> varNames,
                                    Function<String, String> environment, Problems problems) {
        Map<String, String> found = new LinkedHashMap<>();
        Path devVars = dir.resolve(env.map(e -> ".dev.vars." + e).orElse(".dev.vars"));
        if (Files.exists(devVars)) {
            found.putAll(parse(devVars, null, problems));
        } else if (!Files.exists(dir.resolve(".dev.vars")) && !"false".equalsIgnoreCase(environment.apply("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV"))) {
            List<String> names = env.map(e -> List.of(".env", ".env.local", ".env." + e, ".env." + e + ".local"))
                    .orElse(List.of(".env", ".env.local"));
            for (String name : names) {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    Map<String, String> merged = found;
                    found.putAll(parse(file, key -> merged.containsKey(key) ? merged.get(key) : environment.apply(key), problems));
                }
            }
        }
        if ("true".equalsIgnoreCase(environment.apply("CLOUDFLARE_INCLUDE_PROCESS_ENV"))) {
            System.getenv().forEach(found::putIfAbsent);
        }
        if (required.isEmpty()) {
            return found;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (var e : found.entrySet()) {
            if (required.get().contains(e.getKey()) || varNames.contains(e.getKey())) {
                kept.put(e.getKey(), e.getValue());
            }
        }
        for (String name : required.get()) {
            if (!kept.containsKey(name)) {
                problems.warn("secret \"" + name + "\" is listed in secrets.required but not set in the local secret files");
            }
        }
        return kept;
    }

    private static Map<String, String> parse(Path file, Function<String, String> lookup, Problems problems) {
        try {
            return DotEnv.parse(Files.readString(file, StandardCharsets.UTF_8), lookup);
        } catch (IllegalArgumentException e) {
            problems.error(file + ": " + e.getMessage());
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
