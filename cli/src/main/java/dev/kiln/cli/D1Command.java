package dev.kiln.cli;

import dev.kiln.bindings.d1.D1DatabaseBinding;
import dev.kiln.bindings.d1.D1Stores;
import dev.kiln.api.D1Database;
import dev.kiln.api.D1PreparedStatement;
import dev.kiln.api.D1Result;
import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import dev.kiln.bindings.d1.D1Binding;
import dev.kiln.spi.JacksonJsonCodec;
import dev.kiln.bindings.d1.SqlScript;
import dev.kiln.spi.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln d1 ...}: the D1 databases of the local state directory, the same SQLite files {@code kiln dev}
 * uses (safe while it runs: SQLite's WAL locking serializes writers, readers never block).
 */
@Command(name = "d1", mixinStandardHelpOptions = true, description = "Manage D1 databases and run SQL on them.",
        subcommands = {D1Command.Create.class, D1Command.ListAll.class, D1Command.Info.class, D1Command.Delete.class,
                D1Command.Execute.class, D1Export.class, D1Migrations.class})
final class D1Command {

    private static final Set<String> LOCATIONS = Set.of("weur", "eeur", "apac", "oc", "wnam", "enam");
    private static final Set<String> JURISDICTIONS = Set.of("eu", "fedramp", "us");

    /**
     * A database a command acts on: {@code DB} is a database name, or a binding name or database name of a
     * {@code [[d1_databases]]} entry in the config.
     *
     * @param name the database (its file is {@code d1/<name>.sqlite})
     * @param binding the config entry, when declared
     */
    record Target(String name, Optional<D1DatabaseBinding> binding) {

        /** @return the migrations directory: the binding's {@code migrations_dir} next to the config, else ./migrations */
        Path migrationsDir(Optional<WorkerConfig> config) {
            Path base = config.map(WorkerConfig::baseDir).orElse(Path.of("").toAbsolutePath());
            return base.resolve(binding.map(D1DatabaseBinding::migrationsDir).orElse("migrations")).normalize();
        }

        String migrationsTable() {
            return binding.map(D1DatabaseBinding::migrationsTable).orElse("d1_migrations");
        }
    }

    /**
     * Resolves {@code DB}. A database declared in the config is created on first use, as {@code kiln dev} does;
     * any other must exist.
     */
    static Target resolve(LocalStore store, Backend backend, String db) {
        Optional<WorkerConfig> config = store.config();
        Optional<D1DatabaseBinding> declared = config.stream()
                .flatMap(c -> c.bindings(D1DatabaseBinding.class).stream())
                .filter(b -> b.name().equals(db) || b.target().equals(db))
                .findFirst();
        if (declared.isPresent()) {
            return new Target(declared.get().target(), declared);
        }
        if (!backend.store(D1Stores.class).databases().contains(db)) {
            throw LocalStore.missing("D1 database '" + db + "'", backend.describe()
                    + " and no [[d1_databases]] binding or database_name '" + db + "' is declared"
                    + config.map(c -> " in " + c.file()).orElse(""), "kiln d1 create " + db);
        }
        return new Target(db, Optional.empty());
    }

    /** @return a result as {@code {results, success, meta}}, BLOBs as arrays of byte values (as D1's JSON has them) */
    static Map<String, Object> json(D1Result<Map<String, Object>> result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : result.results()) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? bytes(b) : v));
            rows.add(copy);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("results", rows);
        map.put("success", result.success());
        map.put("meta", result.meta().toMap());
        return map;
    }

    private static List<Integer> bytes(byte[] b) {
        List<Integer> list = new ArrayList<>(b.length);
        for (byte x : b) {
            list.add(x & 0xff);
        }
        return list;
    }

    static void printJson(PrintWriter out, Object value) {
        out.println(JacksonJsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    @Command(name = "create", description = "Create a database and print the config to bind it.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--location", description = "Location hint: weur, eeur, apac, oc, wnam or enam (one local copy either way).") String location;
        @Option(names = "--jurisdiction", description = "eu, fedramp or us (recorded nowhere locally).") String jurisdiction;

        @Override
        public Integer call() {
            if (location != null && !LOCATIONS.contains(location)) {
                throw new IllegalArgumentException("--location must be one of " + new java.util.TreeSet<>(LOCATIONS) + ", got '" + location + "'");
            }
            if (jurisdiction != null && !JURISDICTIONS.contains(jurisdiction)) {
                throw new IllegalArgumentException("--jurisdiction must be one of " + new java.util.TreeSet<>(JURISDICTIONS) + ", got '" + jurisdiction + "'");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                if (backend.store(D1Stores.class).databases().contains(name)) {
                    throw new IllegalArgumentException("D1 database '" + name + "' already exists in " + backend.describe());
                }
                backend.store(D1Stores.class).database(name).size();
                LocalStore.printCreated(out, "D1 database '" + name + "' (" + backend.store(D1Stores.class).location(name) + ")", "d1_databases",
                        "DB", "database_name", name);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List databases with their sizes.")
    static final class ListAll implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        public Integer call() {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                List<List<Object>> rows = new ArrayList<>();
                List<Map<String, Object>> items = new ArrayList<>();
                for (String name : backend.store(D1Stores.class).databases()) {
                    long size = backend.store(D1Stores.class).database(name).size();
                    rows.add(List.of(name, size));
                    items.add(Map.of("name", name, "file_size", size));
                }
                if (json) {
                    printJson(spec.commandLine().getOut(), items);
                } else {
                    spec.commandLine().getOut().print(TextTable.render(List.of("name", "size (bytes)"), rows));
                }
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Show a database's file, size and tables.")
    static final class Info implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        public Integer call() {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                Target target = resolve(store, backend, name);
                D1Database db = new D1Binding(backend.store(D1Stores.class).database(target.name()));
                long tables = (Long) db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                        .first("n").orElse(0L);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("name", target.name());
                info.put("file", backend.store(D1Stores.class).location(target.name()).toString());
                info.put("file_size", backend.store(D1Stores.class).database(target.name()).size());
                info.put("num_tables", tables);
                info.put("state", "available");
                if (json) {
                    printJson(spec.commandLine().getOut(), info);
                } else {
                    info.forEach((k, v) -> spec.commandLine().getOut().println(k + ": " + v));
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a database and all its data.")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = {"--skip-confirmation", "-y"}, description = "Accepted for wrangler compatibility; Kiln does not prompt.") boolean yes;

        @Override
        public Integer call() {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                if (!backend.store(D1Stores.class).delete(name)) {
                    throw LocalStore.missing("D1 database '" + name + "'", backend.describe());
                }
                spec.commandLine().getOut().println("Deleted D1 database '" + name + "'");
            }
            return 0;
        }
    }

    /** Exactly one of {@code --command} or {@code --file}. */
    static final class Sql {
        @Option(names = "--command", paramLabel = "SQL", required = true, description = "SQL to run; several statements separated by ';'.") String command;
        @Option(names = "--file", paramLabel = "FILE", required = true, description = "A .sql file to run.") Path file;
    }

    @Command(name = "execute", description = "Run SQL on a database: all statements in one transaction (one failing statement rolls all back).")
    static final class Execute implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "DB", description = "Database name, or the binding in the config.") String db;
        @ArgGroup(exclusive = true, multiplicity = "1") Sql sql;
        @Option(names = "--json", description = "Print an array of {results, success, meta}.") boolean json;
        @Option(names = {"--yes", "-y"}, description = "Accepted for wrangler compatibility; Kiln does not prompt.") boolean yes;

        @Override
        public Integer call() throws IOException {
            if (sql.file != null && !Files.isRegularFile(sql.file)) {
                throw new IllegalArgumentException("--file " + sql.file + ": no such file");
            }
            String text = sql.command != null ? sql.command : Files.readString(sql.file, StandardCharsets.UTF_8);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Backend backend = store.open(err)) {
                Target target = resolve(store, backend, db);
                err.println("Executing on local database " + target.name() + " (" + backend.store(D1Stores.class).location(target.name()) + ")");
                D1Database database = new D1Binding(backend.store(D1Stores.class).database(target.name()));
                List<SqlScript.Piece> pieces = SqlScript.split(text);
                if (pieces.isEmpty()) {
                    throw new IllegalArgumentException("no SQL statements in " + (sql.file != null ? sql.file : "--command"));
                }
                List<D1PreparedStatement> statements = pieces.stream().map(p -> database.prepare(p.sql())).toList();
                List<D1Result<Map<String, Object>>> results = database.batch(statements);
                if (json) {
                    printJson(out, results.stream().map(D1Command::json).toList());
                    return 0;
                }
                long changes = 0;
                for (int i = 0; i < results.size(); i++) {
                    D1Result<Map<String, Object>> r = results.get(i);
                    changes += r.meta().changes();
                    List<List<Object>> raw = r.results().stream().map(row -> (List<Object>) new ArrayList<>(row.values())).toList();
                    if (!raw.isEmpty()) {
                        out.print(TextTable.render(List.copyOf(r.results().get(0).keySet()), raw));
                    } else if (returnsRows(pieces.get(i).sql())) {
                        out.println("(no rows)");
                    }
                }
                out.println("Executed " + results.size() + (results.size() == 1 ? " statement" : " statements") + ", "
                        + changes + " rows changed, database size " + results.get(results.size() - 1).meta().sizeAfter() + " bytes");
            }
            return 0;
        }

        private static boolean returnsRows(String sql) {
            String k = SqlScript.firstKeyword(sql).toUpperCase(Locale.ROOT);
            return k.equals("SELECT") || k.equals("VALUES") || k.equals("PRAGMA") || k.equals("WITH");
        }
    }
}
