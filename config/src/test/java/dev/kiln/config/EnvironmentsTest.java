package dev.kiln.config;

import static dev.kiln.config.ConfigFiles.load;
import static dev.kiln.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.md §2–§5: inheritable and non-inheritable keys, environment names, top-level-only keys. */
class EnvironmentsTest {

    @TempDir
    Path dir;

    static final String BILLING = """
            name = "billing"
            main = "com.example.Billing"
            compatibility_date = "2025-06-01"
            vars = { MODE = "prod" }
            [triggers]
            crons = ["0 * * * *"]
            [[d1_databases]]
            binding = "DB"
            database_name = "billing"
            [env.staging]
            vars = { MODE = "staging" }
            [[env.staging.d1_databases]]
            binding = "DB"
            database_name = "billing-staging"
            [env.dev]
            name = "billing-local"
            [env.dev.triggers]
            crons = []
            """;

    @Test
    void anEnvironmentGetsItsOwnNameVarsAndBindingsAndInheritsTheRest() {
        WorkerConfig c = load(write(dir, "wrangler.toml", BILLING), "staging");
        assertThat(c.name()).isEqualTo("billing-staging"); // §5.4: <top name>-<env>
        assertThat(c.env()).hasValue("staging");
        assertThat(c.vars()).isEqualTo(Map.of("MODE", "staging"));
        assertThat(c.bindings()).singleElement().extracting(Binding::target).isEqualTo("billing-staging");
        assertThat(c.crons()).containsExactly("0 * * * *"); // triggers are inheritable
        assertThat(c.main()).isEqualTo("com.example.Billing");
        assertThat(c.envNames()).containsExactly("staging", "dev");
    }

    // config.md §4: a non-inheritable key at the top but missing in the env warns, and the env gets nothing
    @Test
    void nonInheritableKeysAreNotInheritedAndWarn() {
        WorkerConfig c = load(write(dir, "wrangler.toml", BILLING), "dev");
        assertThat(c.name()).isEqualTo("billing-local");
        assertThat(c.vars()).isEmpty();
        assertThat(c.bindings()).isEmpty();
        assertThat(c.crons()).isEmpty(); // crons = [] removes them
        assertThat(c.diagnostics()).extracting(Diagnostic::message)
                .anyMatch(m -> m.startsWith("\"vars\" exists at the top level, but not on \"env.dev\""))
                .anyMatch(m -> m.startsWith("\"d1_databases\" exists at the top level, but not on \"env.dev\""));
    }

    @Test
    void theTopLevelIsUsedWithoutAnEnvironment() {
        WorkerConfig c = load(write(dir, "wrangler.toml", BILLING));
        assertThat(c.name()).isEqualTo("billing");
        assertThat(c.env()).isEmpty();
        assertThat(c.vars()).isEqualTo(Map.of("MODE", "prod"));
    }

    @Test
    void anUnknownEnvironmentIsAnErrorListingTheDeclaredOnes() {
        Path file = write(dir, "wrangler.toml", BILLING);
        assertThatThrownBy(() -> load(file, "prod")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment \"prod\" is not declared").hasMessageContaining("declared: staging, dev");
    }

    // config.md §5: CLOUDFLARE_ENV selects the environment too
    @Test
    void cloudflareEnvSelectsTheEnvironment() {
        WorkerConfig c = ConfigLoader.load(write(dir, "wrangler.toml", BILLING), Optional.empty(), Map.of(),
                name -> name.equals("CLOUDFLARE_ENV") ? "staging" : null, SampleReader.ALL);
        assertThat(c.name()).isEqualTo("billing-staging");
    }

    // config.md §2: top-level-only keys may not appear under env
    @Test
    void topLevelOnlyKeysInAnEnvironmentAreErrors() {
        Path file = write(dir, "wrangler.toml", BILLING + "[env.staging.dev]\nport = 9000\n");
        assertThatThrownBy(() -> load(file, "staging")).hasMessageContaining("\"env.staging.dev\": only allowed at the top level, not in env.staging");
    }
}
