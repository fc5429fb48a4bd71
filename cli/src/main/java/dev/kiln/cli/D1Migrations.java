package dev.kiln.cli;

import dev.kiln.bindings.d1.D1Stores;
import dev.kiln.api.D1Database;
import dev.kiln.api.D1Exception;
import dev.kiln.api.D1PreparedStatement;
import dev.kiln.config.WorkerConfig;
import dev.kiln.bindings.d1.D1Binding;
import dev.kiln.bindings.d1.SqlScript;
import dev.kiln.spi.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln d1 migrations create|list|apply} (bindings.md §3 migrations): numbered {@code .sql} files in the
 * binding's {@code migrations_dir}, applied in order and recorded in its {@code migrations_table}. Each file
 * applies in one transaction together with its record, so a failing file leaves no trace and earlier ones stay.
 */
@Command(name = "migrations", mixinStandardHelpOptions = true, description = "Create, list and apply migrations.",
        subcommands = {D1Migrations.Create.class, D1Migrations.ListPending.class, D1Migrations.Apply.class})
final class D1Migrations {

    private static final Pattern NUMBERED = Pattern.compile("(\\d+)_.*\\.sql");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** @return the migration names (paths relative to the directory), in the order they apply */
    static List<String> files(Path dir, Optional<String> pattern, Path base) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher matcher = pattern.map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).orElse(null);
        try (Stream<Path> paths = matcher == null ? Files.list(dir) : Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> matcher == null ? p.getFileName().toString().endsWith(".sql") : matcher.matches(base.relativize(p)))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static String table(D1Command.Target target) {
        String table = target.migrationsTable();
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("migrations_table '" + table + "' is not a plain SQL identifier");
        }
        return table;
    }

    /** @return the names recorded in the migrations table (none if it does not exist yet) */
    static Set<String> applied(D1Database db, String table) {
        boolean exists = db.prepare("SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?").bind(table).first().isPresent();
        Set<String> names = new HashSet<>();
        if (exists) {
            for (List<Object> row : db.prepare("SELECT name FROM \"" + table + "\"").raw()) {
                names.add((String) row.get(0));
            }
        }
        return names;
    }

    /** What a migrations command works on. */
    record Context(D1Command.Target target, Path dir, List<String> pending, D1Database db, String table) {

        static Context open(LocalStore store, Backend backend, String dbName) throws IOException {
            D1Command.Target target = D1Command.resolve(store, backend, dbName);
            Optional<WorkerConfig> config = store.config();
            Path dir = target.migrationsDir(config);
            Path base = config.map(WorkerConfig::baseDir).orElse(Path.of("").toAbsolutePath());
            String table = D1Migrations.table(target);
            D1Database db = new D1Binding(backend.store(D1Stores.class).database(target.name()));
            Set<String> done = applied(db, table);
            List<String> pending = files(dir, target.binding().flatMap(b -> b.migrationsPattern()), base).stream()
                    .filter(n -> !done.contains(n)).toList();
            return new Context(target, dir, pending, db, table);
        }
    }

    @Command(name = "create", description = "Write the next numbered migration file: <migrations_dir>/NNNN_<message>.sql.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(index = "0", paramLabel = "DB") String db;
        @Parameters(index = "1", paramLabel = "MESSAGE") String message;

        @Override
        public Integer call() throws IOException {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                D1Command.Target target = D1Command.resolve(store, backend, db);
                Path dir = target.migrationsDir(store.config());
                Files.createDirectories(dir);
                int next = 1;
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Matcher m = NUMBERED.matcher(p.getFileName().toString());
                        if (m.matches()) {
                            next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
                        }
                    }
                }
                String name = String.format("%04d_%s.sql", next, message.strip().replace(' ', '_'));
                Path file = dir.resolve(name);
                Files.writeString(file, String.format("-- Migration number: %04d \t %s%n", next, Instant.now()), StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("Created migration " + file);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the migrations not applied yet.")
    static final class ListPending implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "DB") String db;

        @Override
        public Integer call() throws IOException {
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                Context c = Context.open(store, backend, db);
                PrintWriter out = spec.commandLine().getOut();
                if (c.pending().isEmpty()) {
                    out.println("No migrations to apply (" + c.dir() + ")");
                } else {
                    out.println("Migrations to be applied (" + c.dir() + "):");
                    out.print(TextTable.render(List.of("name"), c.pending().stream().map(n -> List.<Object>of(n)).toList()));
                }
            }
            return 0;
        }
    }

    @Command(name = "apply", description = "Apply the pending migrations in order; a failing file is rolled back, earlier ones stay.")
    static final class Apply implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin LocalStore store;
        @Parameters(paramLabel = "DB") String db;
        @picocli.CommandLine.Option(names = {"--yes", "-y"}, description = "Apply without asking (a session without a terminal never asks).") boolean yes;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (Backend backend = store.open(spec.commandLine().getErr())) {
                Context c = Context.open(store, backend, db);
                if (c.pending().isEmpty()) {
                    out.println("No migrations to apply (" + c.dir() + ")");
                    return 0;
                }
                if (!confirmed(c)) {
                    out.println("Not applied.");
                    return 1;
                }
                c.db().prepare("CREATE TABLE IF NOT EXISTS \"" + c.table() + "\" (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)").run();
                List<Object[]> report = new ArrayList<>();
                for (String name : c.pending()) {
                    List<D1PreparedStatement> batch = new ArrayList<>();
                    for (SqlScript.Piece piece : SqlScript.split(Files.readString(c.dir().resolve(name), StandardCharsets.UTF_8))) {
                        batch.add(c.db().prepare(piece.sql()));
                    }
                    batch.add(c.db().prepare("INSERT INTO \"" + c.table() + "\" (name) VALUES (?)").bind(name));
                    try {
                        c.db().batch(batch);
                    } catch (D1Exception e) {
                        out.print(TextTable.render(List.of("name", "status"), report.stream().map(r -> List.of(r)).toList()));
                        throw new IllegalArgumentException("Migration " + name + " failed and was rolled back: " + e.getMessage()
                                + "; " + report.size() + " earlier migration(s) stay applied");
                    }
                    report.add(new Object[] {name, "applied"});
                }
                out.print(TextTable.render(List.of("name", "status"), report.stream().map(r -> List.of(r)).toList()));
                out.println("Applied " + report.size() + " migration(s) to " + c.target().name());
            }
            return 0;
        }

        /** cli.md: apply confirms first, unless the session is non-interactive (no terminal) or {@code --yes}. */
        private boolean confirmed(Context c) {
            java.io.Console console = System.console();
            if (yes || !isTerminal(console)) {
                return true;
            }
            String answer = console.readLine("About to apply %d migration(s) to %s (%s). Continue? [y/N] ",
                    c.pending().size(), c.target().name(), c.dir());
            return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
        }

        /** From JDK 22 a console exists even when the streams are redirected; {@code isTerminal()} tells them apart. */
        private static boolean isTerminal(java.io.Console console) {
            if (console == null) {
                return false;
            }
            try {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException e) {
                return true; // JDK 21: a console exists only for a terminal
            }
        }
    }
}
