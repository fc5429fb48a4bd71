package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.kiln.spi.JacksonJsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code kiln d1 ...} in-process on a real state directory (cli.md "D1"). */
class D1CommandTest {

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    private CliRun d1(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "d1";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--persist-to";
        all[args.length + 2] = state().toString();
        return CliRun.run(all);
    }

    // cli.md: commands print the location they act on and fail clearly on a missing database
    @Test
    void executeOnAMissingDatabaseFailsWithAClearMessage() {
        CliRun run = d1("execute", "nope", "--command", "SELECT 1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Resource location: local (" + state() + ")")
                .contains("D1 database 'nope' does not exist in " + state()).contains("kiln d1 create nope");
        assertThat(state().resolve("d1/nope.sqlite")).doesNotExist();
    }

    @Test
    void createListInfoAndDeleteADatabase() {
        CliRun created = d1("create", "app", "--location", "weur");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("[[d1_databases]]").contains("database_name = \"app\"");
        assertThat(state().resolve("d1/app.sqlite")).exists();
        assertThat(d1("create", "app").err()).contains("already exists");
        assertThat(d1("create", "other", "--location", "mars").err()).contains("--location must be one of");

        assertThat(d1("list").out()).contains("| app ");
        CliRun info = d1("info", "app", "--json");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("\"name\" : \"app\"").contains("\"num_tables\" : 0");

        assertThat(d1("delete", "app", "-y").exitCode()).isZero();
        assertThat(state().resolve("d1/app.sqlite")).doesNotExist();
        assertThat(d1("delete", "app").err()).contains("does not exist");
    }

    // cli.md d1 execute: --command "<sql; sql>", tabular output; --json: an array of {results, success, meta}
    @Test
    void executeRunsStatementsAndPrintsTablesOrJson() {
        d1("create", "app");
        CliRun run = d1("execute", "app", "--command",
                "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('ada'), ('bob'); SELECT id, name FROM t ORDER BY id");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("Executing on local database app (" + state().resolve("d1/app.sqlite") + ")");
        assertThat(run.out()).contains("| id | name |").contains("| 1  | ada  |").contains("| 2  | bob  |")
                .contains("Executed 3 statements, 2 rows changed");

        CliRun json = d1("execute", "app", "--json", "--command", "SELECT name, x'00ff' AS b FROM t WHERE id = 1");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode results = JacksonJsonCodec.mapper().readTree(json.out());
        assertThat(results.isArray()).isTrue();
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).get("results").get(0).get("name").asString()).isEqualTo("ada");
        assertThat(results.get(0).get("results").get(0).get("b").toString()).isEqualTo("[0,255]");
        assertThat(results.get(0).get("meta").has("rows_read")).isTrue();
        assertThat(results.get(0).get("meta").has("last_row_id")).isTrue();
    }

    // cli.md d1 execute --file; bad input: one failing statement rolls back the file, with a precise error
    @Test
    void aFileRunsInOneTransactionAndAFailingStatementRollsItAllBack() throws Exception {
        d1("create", "app");
        Path bad = dir.resolve("bad.sql");
        Files.writeString(bad, """
                -- a comment; with a semicolon
                CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                INSERT INTO t (name) VALUES ('it''s; fine');
                INSERT INTO t (name) VALUES (NULL);
                """);
        CliRun run = d1("execute", "app", "--file", bad.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("D1_ERROR: NOT NULL constraint failed: t.name").contains("batch statement 3 of 3");
        CliRun tables = d1("execute", "app", "--command", "SELECT name FROM sqlite_schema WHERE type = 'table'");
        assertThat(tables.out()).contains("(no rows)");

        Path good = dir.resolve("good.sql");
        Files.writeString(good, """
                CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                CREATE TRIGGER t_upper AFTER INSERT ON t BEGIN UPDATE t SET name = upper(name) WHERE id = NEW.id; END;
                INSERT INTO t (name) VALUES ('it''s; fine');
                """);
        assertThat(d1("execute", "app", "--file", good.toString()).exitCode()).isZero();
        assertThat(d1("execute", "app", "--command", "SELECT name FROM t").out()).contains("IT'S; FINE");
    }

    // cli.md d1 execute: exactly one of --command or --file
    @Test
    void executeTakesExactlyOneOfCommandOrFile() {
        d1("create", "app");
        assertThat(d1("execute", "app").exitCode()).isEqualTo(2);
        assertThat(d1("execute", "app", "--command", "SELECT 1", "--file", "x.sql").exitCode()).isEqualTo(2);
        assertThat(d1("execute", "app", "--file", dir.resolve("missing.sql").toString()).err()).contains("missing.sql: no such file");
        CliRun invalid = d1("execute", "app", "--command", "SELEC 1");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("D1_ERROR: near \"SELEC\": syntax error");
    }

    // cli.md d1 execute: <db> may be a database name or a binding
    @Test
    void aBindingNameResolvesToItsDatabaseName() throws Exception {
        Path config = writeConfig();
        CliRun run = CliRun.run("d1", "execute", "DB", "-c", config.toString(), "--persist-to", state().toString(),
                "--command", "CREATE TABLE t (x)");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(state().resolve("d1/app-db.sqlite")).exists();
        assertThat(CliRun.run("d1", "execute", "app-db", "-c", config.toString(), "--persist-to", state().toString(),
                "--command", "SELECT count(*) AS n FROM t").out()).contains("| 0 |");
    }

    // bindings.md §3 migrations: NNNN_<message>.sql, list shows unapplied, apply records each in d1_migrations,
    // a failing file rolls back while earlier ones stay
    @Test
    void migrationsAreCreatedListedAndAppliedInOrderStoppingAtAFailure() throws Exception {
        Path config = writeConfig();
        String[] where = {"-c", config.toString(), "--persist-to", state().toString()};
        CliRun created = CliRun.run(concat(new String[] {"d1", "migrations", "create", "DB", "create users"}, where));
        assertThat(created.exitCode()).as(created.err()).isZero();
        Path migrations = dir.resolve("db/migrations");
        Path first = migrations.resolve("0001_create_users.sql");
        assertThat(first).exists();
        Files.writeString(first, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n", java.nio.file.StandardOpenOption.APPEND);
        CliRun.run(concat(new String[] {"d1", "migrations", "create", "DB", "seed"}, where));
        Files.writeString(migrations.resolve("0002_seed.sql"), "INSERT INTO users (name) VALUES ('ada');\n");

        CliRun list = CliRun.run(concat(new String[] {"d1", "migrations", "list", "DB"}, where));
        assertThat(list.out()).contains("0001_create_users.sql").contains("0002_seed.sql");

        CliRun apply = CliRun.run(concat(new String[] {"d1", "migrations", "apply", "DB"}, where));
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Applied 2 migration(s)");
        assertThat(CliRun.run(concat(new String[] {"d1", "migrations", "list", "DB"}, where)).out()).contains("No migrations to apply");

        CliRun.run(concat(new String[] {"d1", "migrations", "create", "DB", "posts"}, where));
        CliRun.run(concat(new String[] {"d1", "migrations", "create", "DB", "broken"}, where));
        Files.writeString(migrations.resolve("0003_posts.sql"), "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("0004_broken.sql"), "CREATE TABLE tags (id INTEGER);\nINSERT INTO nope VALUES (1);\n");
        CliRun failing = CliRun.run(concat(new String[] {"d1", "migrations", "apply", "DB"}, where));
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.err()).contains("Migration 0004_broken.sql failed and was rolled back")
                .contains("no such table: nope").contains("1 earlier migration(s) stay applied");

        CliRun recorded = CliRun.run(concat(new String[] {"d1", "execute", "DB", "--json", "--command",
                "SELECT name FROM d1_migrations ORDER BY id; SELECT name FROM sqlite_schema WHERE name IN ('posts', 'tags')"}, where));
        JsonNode results = JacksonJsonCodec.mapper().readTree(recorded.out());
        assertThat(results.get(0).get("results").toString())
                .isEqualTo("[{\"name\":\"0001_create_users.sql\"},{\"name\":\"0002_seed.sql\"},{\"name\":\"0003_posts.sql\"}]");
        assertThat(results.get(1).get("results").toString()).isEqualTo("[{\"name\":\"posts\"}]");
        assertThat(CliRun.run(concat(new String[] {"d1", "migrations", "list", "DB"}, where)).out()).contains("0004_broken.sql")
                .doesNotContain("0003_posts.sql");
    }

    // cli.md d1 export: schema then rows, read back by execute --file; --table, --no-schema, --no-data
    @Test
    void exportWritesSqlThatExecuteReadsBack() throws Exception {
        d1("create", "src");
        CliRun setup = d1("execute", "src", "--command", "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));"
                + " CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);"
                + " CREATE INDEX p_name ON p (name);"
                + " INSERT INTO p VALUES (1, 'it''s', 2.5, x'00ff'), (2, NULL, 3.0, NULL);"
                + " INSERT INTO c VALUES (1, 1)");
        assertThat(setup.exitCode()).as(setup.err()).isZero();
        Path dump = dir.resolve("dump.sql");
        CliRun export = d1("export", "src", "--output", dump.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("Exported src (3 rows)");
        assertThat(Files.readString(dump)).startsWith("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE c")
                .contains("CREATE INDEX p_name").contains("'it''s'").contains("X'00ff'");

        d1("create", "copy");
        CliRun load = d1("execute", "copy", "--file", dump.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        String query = "SELECT id, name, score, hex(data) AS h FROM p ORDER BY id; SELECT * FROM c";
        assertThat(d1("execute", "copy", "--json", "--command", query).out().replaceAll("\"(duration|sql_duration_ms|size_after)\" : [0-9.E-]+", ""))
                .isEqualTo(d1("execute", "src", "--json", "--command", query).out().replaceAll("\"(duration|sql_duration_ms|size_after)\" : [0-9.E-]+", ""));

        Path onlyC = dir.resolve("c.sql");
        assertThat(d1("export", "src", "--output", onlyC.toString(), "--table", "c", "--no-schema").exitCode()).isZero();
        assertThat(Files.readString(onlyC)).doesNotContain("CREATE").doesNotContain("INSERT INTO \"p\"").contains("INSERT INTO \"c\"");
        assertThat(d1("export", "src", "--output", onlyC.toString(), "--table", "nope").err()).contains("no table 'nope'");
    }

    // bindings.md §3 migrations: migrations_pattern (e.g. drizzle's */migration.sql) selects the files
    @Test
    void migrationsPatternSelectsNestedFiles() throws Exception {
        Path project = dir.resolve("drizzle-app");
        Files.createDirectories(project.resolve("drizzle/0000_init"));
        Files.createDirectories(project.resolve("drizzle/0001_more"));
        Files.writeString(project.resolve("drizzle/0000_init/migration.sql"), "CREATE TABLE a (x);");
        Files.writeString(project.resolve("drizzle/0001_more/migration.sql"), "CREATE TABLE b (x);");
        Files.writeString(project.resolve("drizzle/0001_more/snapshot.json"), "{}");
        Files.writeString(project.resolve("wrangler.toml"), """
                name = "drizzle-app"
                main = "w.W"
                compatibility_date = "2026-11-01"
                [[d1_databases]]
                binding = "DB"
                database_name = "dz"
                migrations_dir = "drizzle"
                migrations_pattern = "drizzle/*/migration.sql"
                """);
        String[] where = {"-c", project.resolve("wrangler.toml").toString(), "--persist-to", state().toString()};
        assertThat(CliRun.run(concat(new String[] {"d1", "migrations", "list", "DB"}, where)).out())
                .contains("0000_init/migration.sql").contains("0001_more/migration.sql").doesNotContain("snapshot");
        CliRun apply = CliRun.run(concat(new String[] {"d1", "migrations", "apply", "DB"}, where));
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Applied 2 migration(s) to dz");
    }

    // cli.md: local data is the same SQLite file dev uses, safely while it runs
    @Test
    void executeWorksOnTheStoreARunningDevUses() throws Exception {
        Path worker = dir.resolve("db");
        Files.createDirectories(worker.resolve("src/main/java/w"));
        writeConfig();
        Files.writeString(worker.resolve("src/main/java/w/Names.java"), """
                package w;
                import dev.kiln.api.*;
                public final class Names implements Worker {
                    public Response fetch(Request request, Env env, ExecutionContext ctx) {
                        D1Database db = env.d1("DB");
                        if (request.method().equals("POST")) {
                            db.prepare("INSERT INTO names (name) VALUES (?)").bind(request.queryParam("n").orElseThrow()).run();
                        }
                        return Response.text(String.valueOf(db.prepare("SELECT group_concat(name, ',') AS all_names FROM (SELECT name FROM names ORDER BY name)").first("all_names").orElse("")));
                    }
                }
                """);
        assertThat(CliRun.run("d1", "execute", "DB", "-c", worker.resolve("wrangler.toml").toString(), "--persist-to", state().toString(),
                "--command", "CREATE TABLE names (name TEXT)").exitCode()).isZero();

        StringWriter devOut = new StringWriter();
        Thread dev = Thread.ofVirtual().start(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(devOut, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            cli.execute("dev", worker.toString(), "--ip", "127.0.0.1", "--port", "0", "--persist-to", state().toString(), "--no-watch");
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> devOut.toString().contains("Ready on"));
            Matcher ready = Pattern.compile("Ready on (http://\\S+)").matcher(devOut.toString());
            assertThat(ready.find()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ready.group(1) + "/?n=fromworker"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.body()).isEqualTo("fromworker");

            CliRun insert = CliRun.run("d1", "execute", "DB", "-c", worker.resolve("wrangler.toml").toString(),
                    "--persist-to", state().toString(), "--command", "INSERT INTO names VALUES ('fromcli'); SELECT name FROM names ORDER BY name");
            assertThat(insert.exitCode()).as(insert.err()).isZero();
            assertThat(insert.out()).contains("fromcli").contains("fromworker");
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(ready.group(1) + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.body()).isEqualTo("fromcli,fromworker");
        } finally {
            dev.interrupt();
            dev.join(Duration.ofSeconds(30));
        }
    }

    private Path writeConfig() throws Exception {
        Path project = dir.resolve("db");
        Files.createDirectories(project);
        Path config = project.resolve("wrangler.toml");
        Files.writeString(config, """
                name = "names"
                main = "w.Names"
                compatibility_date = "2026-11-01"
                [[d1_databases]]
                binding = "DB"
                database_name = "app-db"
                database_id = "0b1c"
                """);
        return config;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

}
