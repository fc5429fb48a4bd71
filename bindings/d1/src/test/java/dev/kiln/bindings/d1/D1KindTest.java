package dev.kiln.bindings.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.config.ConfigLoader;
import dev.kiln.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code d1_databases} entries read (config.md §4). */
class D1KindTest {

    private static final String TOP = "name = \"w\"\nmain = \"a.W\"\ncompatibility_date = \"2025-06-01\"\n";

    @TempDir
    Path dir;

    private WorkerConfig load(String toml) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("wrangler.toml"), TOP + toml), Optional.empty(), Map.of(), n -> null,
                List.of(new D1Kind()));
    }

    @Test
    void aDatabaseIsTargetedByNameWithMigrationDefaults() throws IOException {
        WorkerConfig c = load("[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"billing\"\ndatabase_id = \"x-1\"\n");
        assertThat(c.bindings(D1DatabaseBinding.class)).singleElement().satisfies(b -> {
            assertThat(b.target()).isEqualTo("billing");
            assertThat(b.migrationsDir()).isEqualTo("migrations");
            assertThat(b.migrationsTable()).isEqualTo("d1_migrations");
        });
    }

    // config.md §4: migrations_pattern needs migrations_dir and must start with it
    @Test
    void migrationsPatternNeedsItsDirectory() {
        assertThatThrownBy(() -> load("[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"db\"\nmigrations_pattern = \"drizzle/*/migration.sql\"\n"))
                .hasMessageContaining("needs \"migrations_dir\"");
    }

    @Test
    void aWrongTypeNamesTheKeyPathAndLine() {
        assertThatThrownBy(() -> load("[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = 7\n"))
                .hasMessageContaining("\"d1_databases[0].database_name\": expected a string, got integer").hasMessageContaining(":6:");
    }
}
