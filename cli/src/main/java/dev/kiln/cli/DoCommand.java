package dev.kiln.cli;

import dev.kiln.bindings.durable.DurableObjectStores;
import dev.kiln.spi.JacksonJsonCodec;
import dev.kiln.bindings.durable.ObjectInspector;
import dev.kiln.spi.Backend;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln do ...}: read-only inspection of the Durable Objects of the local state directory, safe while
 * {@code kiln dev} runs (it sees committed data). Output is JSON. Exit codes: 0 success, 1 failure.
 */
@Command(name = "do", mixinStandardHelpOptions = true, description = "Inspect Durable Objects and their storage (read-only).",
        subcommands = {DoCommand.ListObjects.class, DoCommand.Storage.class, DoCommand.Sql.class})
final class DoCommand {

    /** Which object: {@code --class} ({@code Class} of the config's worker, or {@code worker.Class}) and an id or a name. */
    static final class Target {
        @Option(names = "--class", required = true, paramLabel = "CLASS", description = "The class: Class (of this config's worker) or worker.Class.")
        String className;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--id", paramLabel = "ID", description = "The object id (64 hex digits).")
            String id;

            @Option(names = "--name", paramLabel = "NAME", description = "The name the id was made from (idFromName).")
            String name;
        }

        String namespace(LocalStore store) {
            return DoCommand.namespace(className, store);
        }

        /** @return the object's id in {@code namespace}: {@code --id} as given, or made from {@code --name} */
        String objectId(ObjectInspector inspector, String namespace) {
            return inspector.resolve(namespace, which.id, which.name);
        }
    }

    static String namespace(String className, LocalStore store) {
        if (className.contains(".")) {
            return className;
        }
        String worker = store.config().map(c -> c.name()).orElseThrow(() -> new IllegalArgumentException(
                "--class " + className + " needs a wrangler config here (or -c CONFIG) to know the worker; or give worker." + className));
        return worker + "." + className;
    }

    static void print(CommandSpec spec, Object value) {
        spec.commandLine().getOut().println(JacksonJsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    @Command(name = "list", description = "List namespaces (worker.Class) or, with --class, the objects of one.")
    static final class ListObjects implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;

        @Option(names = "--class", paramLabel = "CLASS", description = "Class or worker.Class: list its objects.")
        String className;

        @Override
        public Integer call() {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                ObjectInspector inspector = new ObjectInspector(backend.store(DurableObjectStores.class));
                print(spec, className == null ? inspector.namespaces() : inspector.objects(namespace(className, store)));
            }
            return 0;
        }
    }

    @Command(name = "storage", mixinStandardHelpOptions = true, description = "Read an object's key-value storage.",
            subcommands = {Storage.Get.class, Storage.ListKeys.class})
    static final class Storage {

        @Command(name = "get", description = "Print one value as JSON.")
        static final class Get implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false, multiplicity = "1") Target target;
            @Parameters(paramLabel = "KEY") String key;

            @Override
            public Integer call() {
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    ObjectInspector inspector = new ObjectInspector(backend.store(DurableObjectStores.class));
                    String ns = target.namespace(store);
                    String id = target.objectId(inspector, ns);
                    print(spec, inspector.get(ns, id, key).orElseThrow(() -> new IllegalArgumentException("key '" + key + "' not found")));
                }
                return 0;
            }
        }

        @Command(name = "list", description = "Print entries in key order as a JSON object.")
        static final class ListKeys implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin LocalStore store;
            @ArgGroup(exclusive = false, multiplicity = "1") Target target;

            @Option(names = "--prefix", description = "Only keys starting with this.")
            String prefix;

            @Option(names = "--limit", description = "At most this many entries (default: all).")
            int limit;

            @Override
            public Integer call() {
                try (Backend backend = store.open(spec.commandLine().getErr())) {
                    ObjectInspector inspector = new ObjectInspector(backend.store(DurableObjectStores.class));
                    String ns = target.namespace(store);
                    print(spec, inspector.list(ns, target.objectId(inspector, ns), prefix, limit));
                }
                return 0;
            }
        }
    }

    @Command(name = "sql", description = "Run a read-only SQL query on an object's database; prints {columns, rows}.")
    static final class Sql implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @ArgGroup(exclusive = false, multiplicity = "1") Target target;
        @Parameters(paramLabel = "QUERY") String query;

        @Override
        public Integer call() {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                ObjectInspector inspector = new ObjectInspector(backend.store(DurableObjectStores.class));
                String ns = target.namespace(store);
                print(spec, inspector.sql(ns, target.objectId(inspector, ns), query));
            }
            return 0;
        }
    }
}
