package dev.kiln.cli;

import dev.kiln.bindings.d1.D1Stores;
import dev.kiln.api.D1Database;
import dev.kiln.bindings.d1.D1Binding;
import dev.kiln.spi.Backend;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln d1 export DB --output FILE}: the database as a SQL script (schema, then one {@code INSERT} per
 * row) that {@code kiln d1 execute --file} reads back. Foreign keys are deferred so tables load in any order.
 */
@Command(name = "export", description = "Write a database's schema and rows as a .sql file.")
final class D1Export implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin LocalStore store;
    @Parameters(paramLabel = "DB", description = "Database name, or the binding in the config.") String db;
    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the SQL.") Path output;
    @Option(names = "--table", paramLabel = "TABLE", description = "Only this table (repeatable).") List<String> tables = new ArrayList<>();
    @Option(names = "--no-schema", description = "Rows only.") boolean noSchema;
    @Option(names = "--no-data", description = "Schema only.") boolean noData;

    @Override
    public Integer call() throws IOException {
        if (noSchema && noData) {
            throw new IllegalArgumentException("--no-schema and --no-data together leave nothing to export");
        }
        try (Backend backend = store.open(spec.commandLine().getErr())) {
            D1Command.Target target = D1Command.resolve(store, backend, db);
            D1Database database = new D1Binding(backend.store(D1Stores.class).database(target.name()));
            // Tables first, so indexes, triggers and views find what they refer to.
            List<List<Object>> schema = database.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, rowid").raw();
            List<String> known = schema.stream().filter(r -> r.get(0).equals("table")).map(r -> (String) r.get(1)).toList();
            for (String t : tables) {
                if (!known.contains(t)) {
                    throw new IllegalArgumentException("no table '" + t + "' in D1 database '" + target.name() + "'; tables: " + known);
                }
            }
            int rows = 0;
            try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                out.write("PRAGMA defer_foreign_keys=TRUE;\n");
                for (List<Object> entry : schema) {
                    if (!noSchema && (tables.isEmpty() || tables.contains((String) entry.get(2)))) {
                        out.write(entry.get(3) + ";\n");
                    }
                }
                if (!noData) {
                    for (String table : known) {
                        if (tables.isEmpty() || tables.contains(table)) {
                            rows += writeRows(database, table, out);
                        }
                    }
                }
            }
            spec.commandLine().getOut().println("Exported " + target.name() + " (" + rows + " rows) to " + output);
        }
        return 0;
    }

    private static int writeRows(D1Database database, String table, BufferedWriter out) throws IOException {
        String quoted = quote(table);
        List<List<Object>> rows = database.prepare("SELECT * FROM " + quoted).raw(true);
        String columns = rows.get(0).stream().map(c -> quote((String) c)).collect(Collectors.joining(","));
        for (List<Object> row : rows.subList(1, rows.size())) {
            out.write("INSERT INTO " + quoted + " (" + columns + ") VALUES ("
                    + row.stream().map(D1Export::literal).collect(Collectors.joining(",")) + ");\n");
        }
        return rows.size() - 1;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** @return the value as a SQLite literal that reads back as the same type and value */
    static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case Long l -> l.toString();
            case Double d when d.isNaN() -> "NULL";
            case Double d when d.isInfinite() -> d > 0 ? "9e999" : "-9e999";
            case Double d -> d.toString().contains("E") || d.toString().contains(".") ? d.toString() : d + ".0";
            case byte[] b -> "X'" + HexFormat.of().formatHex(b) + "'";
            default -> "'" + value.toString().replace("'", "''") + "'";
        };
    }
}
