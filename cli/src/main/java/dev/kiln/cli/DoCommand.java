package dev.kiln.cli;

import dev.kiln.bindings.durable.DurableObjectStores;
import dev.kiln.bindings.durable.ObjectInspector;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    }

    /** A command that inspects the Durable Objects of the state directory. */
    abstract static class InspectCommand extends ResourceCommand {

        ObjectInspector inspector() {
            return new ObjectInspector(store(DurableObjectStores.class));
        }

        /** @return the namespace of {@code className}: as given if it is {@code worker.Class}, else in the config's worker */
        String namespace(String className) {
            if (className.contains(".")) {
                return className;
            }
            String worker = config().map(c -> c.name()).orElseThrow(() -> new IllegalArgumentException(
                    "--class " + className + " needs a wrangler config here (or -c CONFIG) to know the worker; or give worker." + className));
            return worker + "." + className;
        }
    }

    /** A command on one object, named by {@link Target}. */
    abstract static class ObjectCommand extends InspectCommand {
        @ArgGroup(exclusive = false, multiplicity = "1") Target target;

        /** @return the object's id in {@code namespace}: {@code --id} as given, or made from {@code --name} */
        String objectId(ObjectInspector inspector, String namespace) {
            return inspector.resolve(namespace, target.which.id, target.which.name);
        }
    }

    @Command(name = "list", description = "List namespaces (worker.Class) or, with --class, the objects of one.")
    static final class ListObjects extends InspectCommand {
        @Option(names = "--class", paramLabel = "CLASS", description = "Class or worker.Class: list its objects.")
        String className;

        @Override
        int run() {
            ObjectInspector inspector = inspector();
            printJson(className == null ? inspector.namespaces() : inspector.objects(namespace(className)));
            return 0;
        }
    }

    @Command(name = "storage", mixinStandardHelpOptions = true, description = "Read an object's key-value storage.",
            subcommands = {Storage.Get.class, Storage.ListKeys.class})
    static final class Storage {

        @Command(name = "get", description = "Print one value as JSON.")
        static final class Get extends ObjectCommand {
            @Parameters(paramLabel = "KEY") String key;

            @Override
            int run() {
                ObjectInspector inspector = inspector();
                String ns = namespace(target.className);
                String id = objectId(inspector, ns);
                printJson(inspector.get(ns, id, key).orElseThrow(() -> new IllegalArgumentException("key '" + key + "' not found")));
                return 0;
            }
        }

        @Command(name = "list", description = "Print entries in key order as a JSON object.")
        static final class ListKeys extends ObjectCommand {
            @Option(names = "--prefix", description = "Only keys starting with this.")
            String prefix;

            @Option(names = "--limit", description = "At most this many entries (default: all).")
            int limit;

            @Override
            int run() {
                ObjectInspector inspector = inspector();
                String ns = namespace(target.className);
                printJson(inspector.list(ns, objectId(inspector, ns), prefix, limit));
                return 0;
            }
        }
    }

    @Command(name = "sql", description = "Run a read-only SQL query on an object's database; prints {columns, rows}.")
    static final class Sql extends ObjectCommand {
        @Parameters(paramLabel = "QUERY") String query;

        @Override
        int run() {
            ObjectInspector inspector = inspector();
            String ns = namespace(target.className);
            printJson(inspector.sql(ns, objectId(inspector, ns), query));
            return 0;
        }
    }
}
