package dev.kiln.cli;

import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.Backend;
import dev.kiln.spi.JacksonJsonCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A {@code kiln <kind> ...} command on the resources of a state directory. It holds the plumbing every such
 * command shares, so that a command's class holds only its own options and its logic, in {@link #run()}: the
 * resource-location flags ({@link LocalStore}), the output streams, the storage backend, and the JSON, table
 * and "created" output.
 *
 * <p>The backend opens on first use ({@link #backend()}, {@link #store(Class)}), printing where it is, and
 * closes when the command ends; arguments checked before that never touch the state directory. An expected
 * failure is thrown as {@link IllegalArgumentException} (see {@link #missing}); {@link Main} prints it as
 * {@code error: ...} and exits 1.
 */
abstract class ResourceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LocalStore location;

    private Backend backend;

    /**
     * The command's own logic.
     *
     * @return the exit code: 0 success, 1 failure
     */
    abstract int run() throws IOException;

    @Override
    @SuppressWarnings("try") // the resource only closes the backend, if run() opened it
    public final Integer call() throws Exception {
        try (AutoCloseable closeBackend = this::closeBackend) {
            return run();
        }
    }

    private void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    /** @return the storage backend of the state directory, opened on first use */
    final Backend backend() {
        if (backend == null) {
            backend = location.open(err());
        }
        return backend;
    }

    /** @return the backend's store of that interface, e.g. {@code store(KvStores.class)} */
    final <S> S store(Class<S> type) {
        return backend().store(type);
    }

    /** @return the worker configuration, if one can be found from here ({@code -c}, or the current directory) */
    final Optional<WorkerConfig> config() {
        return location.config();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints a value as indented JSON. */
    final void printJson(Object value) {
        out().println(JacksonJsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    /** Prints a value as JSON on one line. */
    final void printJsonLine(Object value) {
        out().println(JacksonJsonCodec.mapper().writeValueAsString(value));
    }

    /** Prints rows as a text table under the headers. */
    final void printTable(List<String> headers, List<List<Object>> rows) {
        out().print(TextTable.render(headers, rows));
    }

    /**
     * Prints what {@code create} made and the wrangler.toml table that binds it, e.g.
     * {@code [[kv_namespaces]] binding = "CACHE" id = "cache"}.
     */
    final void printCreated(String created, String table, String binding, String nameKey, String name) {
        PrintWriter out = out();
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
}
