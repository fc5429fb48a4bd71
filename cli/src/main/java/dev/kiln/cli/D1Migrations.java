package dev.kiln.cli;

import dev.kiln.api.D1Database;
import dev.kiln.api.D1Exception;
import dev.kiln.api.D1PreparedStatement;
import dev.kiln.config.WorkerConfig;
import dev.kiln.bindings.d1.SqlScript;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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

        static Context open(D1Command.DatabaseCommand command, String dbName) throws IOException {
            D1Command.Target target = command.resolve(dbName);
            Optional<WorkerConfig> config = command.config();
            Path dir = target.migrationsDir(config);
            Path base = config.map(WorkerConfig::baseDir).orElse(Path.of("").toAbsolutePath());
            String table = D1Migrations.table(target);
            D1Database db = command.database(target);
            Set<String> done = applied(db, table);
            List<String> pending = files(dir, target.binding().flatMap(b -> b.migrationsPattern()), base).stream()
                    .filter(n -> !done.contains(n)).toList();
            return new Context(target, dir, pending, db, table);
        }
    }

    @Command(name = "create", description = "Write the next numbered migration file: <migrations_dir>/NNNN_<message>.sql.")
    static final class Create extends D1Command.DatabaseCommand {
        @Parameters(index = "0", paramLabel = "DB") String db;
        @Parameters(index = "1", paramLabel = "MESSAGE") String message;

        @Override
        int run() throws IOException {
            D1Command.Target target = resolve(db);
            Path dir = target.migrationsDir(config());
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
            out().println("Created migration " + file);
            return 0;
        }
    }

    @Command(name = "list", description = "List the migrations not applied yet.")
    static final class ListPending extends D1Command.DatabaseCommand {
        @Parameters(paramLabel = "DB") String db;

        @Override
        int run() throws IOException {
            Context c = Context.open(this, db);
            if (c.pending().isEmpty()) {
                out().println("No migrations to apply (" + c.dir() + ")");
            } else {
                out().println("Migrations to be applied (" + c.dir() + "):");
                printTable(List.of("name"), c.pending().stream().map(n -> List.<Object>of(n)).toList());
            }
            return 0;
        }
    }

    @Command(name = "apply", description = "Apply the pending migrations in order; a failing file is rolled back, earlier ones stay.")
    static final class Apply extends D1Command.DatabaseCommand {
        @Parameters(paramLabel = "DB") String db;
        @picocli.CommandLine.Option(names = {"--yes", "-y"}, description = "Apply without asking (a session without a terminal never asks).") boolean yes;

        @Override
        int run() throws IOException {
            Context c = Context.open(this, db);
            if (c.pending().isEmpty()) {
                out().println("No migrations to apply (" + c.dir() + ")");
                return 0;
            }
            if (!confirmed(c)) {
                out().println("Not applied.");
                return 1;
            }
            c.db().prepare("CREATE TABLE IF NOT EXISTS \"" + c.table() + "\" (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)").run();
            List<List<Object>> report = new ArrayList<>();
            for (String name : c.pending()) {
                List<D1PreparedStatement> batch = new ArrayList<>();
                for (SqlScript.Piece piece : SqlScript.split(Files.readString(c.dir().resolve(name), StandardCharsets.UTF_8))) {
                    batch.add(c.db().prepare(piece.sql()));
                }
                batch.add(c.db().prepare("INSERT INTO \"" + c.table() + "\" (name) VALUES (?)").bind(name));
                try {
                    c.db().batch(batch);
                } catch (D1Exception e) {
                    printTable(List.of("name", "status"), report);
                    throw new IllegalArgumentException("Migration " + name + " failed and was rolled back: " + e.getMessage()
                            + "; " + report.size() + " earlier migration(s) stay applied");
                }
                report.add(List.of(name, "applied"));
            }
            printTable(List.of("name", "status"), report);
            out().println("Applied " + report.size() + " migration(s) to " + c.target().name());
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
