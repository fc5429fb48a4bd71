package dev.kiln.cli;

import dev.kiln.runtime.WorkerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The global flags every command shares (cli.md: {@code -c/--config}, {@code -e/--env}). */
final class ConfigSelection {

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG",
            description = "Configuration file (wrangler.json/jsonc/toml). Repeatable for dev: the first is the default worker.")
    List<Path> configs = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "NAME", description = "Environment to use (also CLOUDFLARE_ENV).")
    String env;

    Optional<String> env() {
        return Optional.ofNullable(env).or(() -> Optional.ofNullable(System.getenv("CLOUDFLARE_ENV")).filter(s -> !s.isBlank()));
    }

    /** @return one spec per {@code -c} file, then per positional directory; the current directory if none */
    List<WorkerSpec> specs(List<Path> positional, Map<String, String> vars) {
        List<Path> sources = new ArrayList<>(configs);
        sources.addAll(positional);
        if (sources.isEmpty()) {
            sources.add(Path.of(""));
        }
        List<WorkerSpec> specs = new ArrayList<>();
        for (Path source : sources) {
            specs.add(new WorkerSpec(source.toAbsolutePath().normalize(), env(), new LinkedHashMap<>(vars)));
        }
        return specs;
    }
}
