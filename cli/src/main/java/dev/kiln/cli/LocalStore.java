package dev.kiln.cli;

import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.BindingKinds;
import dev.kiln.config.ConfigLoader;
import dev.kiln.config.Diagnostic;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.Backend;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags every resource command shares (cli.md "Resource location"): {@code --local} (the default),
 * {@code --remote} (not served yet), {@code --persist-to}, and the config lookup. Opens the same state
 * directory {@code kiln dev} uses and says which one.
 */
final class LocalStore {

    @Mixin
    ConfigSelection selection;

    @Option(names = "--persist-to", paramLabel = "DIR", description = "State directory (default: .wrangler/state next to the config).")
    Path persistTo;

    @Option(names = {"--local", "-l"}, description = "Use the local state directory (the default).")
    boolean local;

    @Option(names = {"--remote", "-r"}, description = "Use a running Kiln server (not supported yet by this command).")
    boolean remote;

    /** @return the worker configuration, if one can be found from here */
    Optional<WorkerConfig> config() {
        Path source = selection.configs.isEmpty() ? Path.of("") : selection.configs.get(0);
        try {
            if (!selection.configs.isEmpty() || hasConfig(source)) {
                return Optional.of(ConfigLoader.load(source.toAbsolutePath(), selection.env(), Map.of(), BindingKinds.all()));
            }
        } catch (dev.kiln.config.ConfigException e) {
            if (!selection.configs.isEmpty()) {
                throw e;
            }
        }
        return Optional.empty();
    }

    private static boolean hasConfig(Path dir) {
        try {
            ConfigLoader.find(dir);
            return true;
        } catch (dev.kiln.config.ConfigException e) {
            return false;
        }
    }

    /** @return the state directory, printed with the resource location */
    Path stateDir(PrintWriter err) {
        if (remote) {
            throw new IllegalArgumentException("--remote is not supported yet: run this command on the machine Kiln runs on, with --persist-to");
        }
        Path dir = persistTo != null ? persistTo.toAbsolutePath().normalize()
                : config().map(c -> c.baseDir().resolve(".wrangler/state").normalize())
                        .orElse(Path.of(".wrangler/state").toAbsolutePath().normalize());
        err.println("Resource location: local (" + dir + ")");
        return dir;
    }

    /** @return the storage backend of the state directory (the embedded one) */
    Backend open(PrintWriter err) {
        Path dir = stateDir(err);
        if (!Files.isDirectory(dir)) {
            err.println("(the state directory does not exist yet; it will be created)");
        }
        return Backend.open(BackendSettings.embedded(dir));
    }

    /**
     * Prints what {@code create} made and the wrangler.toml table that binds it, e.g.
     * {@code [[kv_namespaces]] binding = "CACHE" id = "cache"}.
     */
    static void printCreated(PrintWriter out, String created, String table, String binding, String nameKey, String name) {
        out.println("Created " + created);
        out.println("Add it to your wrangler.toml:");
        out.println();
        out.println("[[" + table + "]]");
        out.println("binding = \"" + binding + "\"");
        out.println(nameKey + " = \"" + name + "\"");
    }

    /** @return the error for a resource ({@code KV namespace 'x'}) that is not in {@code place} */
    static IllegalArgumentException missing(String resource, String place) {
        return new IllegalArgumentException(resource + " does not exist in " + place);
    }

    /** @return the error for a resource that is not in {@code place}, saying which command creates it */
    static IllegalArgumentException missing(String resource, String place, String createCommand) {
        return new IllegalArgumentException(resource + " does not exist in " + place + "; create it with `" + createCommand + "`");
    }

    static void printWarnings(WorkerConfig config, PrintWriter err) {
        for (Diagnostic d : config.diagnostics()) {
            err.println(d.format());
        }
    }
}
