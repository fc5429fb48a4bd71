package dev.kiln.bindings.d1;

import dev.kiln.config.Binding;
import java.util.Optional;

/**
 * A {@code d1_databases} entry: target is {@code database_name}, else {@code database_id}, else the binding name.
 *
 * @param migrationsDir where {@code kiln d1 migrations} keeps the numbered {@code .sql} files ({@code migrations})
 * @param migrationsTable the table recording applied migrations ({@code d1_migrations})
 */
public record D1DatabaseBinding(String name, Optional<String> databaseName, Optional<String> databaseId,
                                Optional<String> previewDatabaseId, String migrationsDir, String migrationsTable,
                                Optional<String> migrationsPattern) implements Binding {

    @Override
    public String type() {
        return D1Kind.TYPE;
    }

    @Override
    public String target() {
        return databaseName.or(() -> databaseId).orElse(name);
    }
}
