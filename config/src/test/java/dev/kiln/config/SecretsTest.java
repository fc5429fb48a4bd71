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

/** config.md §6: .dev.vars and .env, their precedence, and that values never leak into messages. */
class SecretsTest {

    @TempDir
    Path dir;

    static final String CONFIG = """
            name = "app"
            main = "com.example.App"
            compatibility_date = "2025-06-01"
            [vars]
            API_KEY = "placeholder"
            MODE = "prod"
            [env.staging]
            """;

    @Test
    void devVarsAreSecretsAndOverrideVarsOfTheSameName() {
        write(dir, ".dev.vars", "# local\nAPI_KEY=\"sk-123\"\nexport TOKEN='a b c'\nMULTI=\"line1\\nline2\"\n");
        WorkerConfig c = load(write(dir, "wrangler.toml", CONFIG));
        assertThat(c.secrets()).isEqualTo(Map.of("API_KEY", "sk-123", "TOKEN", "a b c", "MULTI", "line1\nline2"));
        assertThat(c.vars()).isEqualTo(Map.of("MODE", "prod"));
    }

    @Test
    void anEnvironmentUsesItsOwnDevVarsFileInstead() {
        write(dir, ".dev.vars", "API_KEY=top\n");
        write(dir, ".dev.vars.staging", "API_KEY=staging\n");
        assertThat(load(write(dir, "wrangler.toml", CONFIG), "staging").secrets()).isEqualTo(Map.of("API_KEY", "staging"));
    }

    @Test
    void dotEnvFilesMergeInOrderWithExpansionWhenThereIsNoDevVars() {
        write(dir, ".env", "BASE=https://api\nURL=${BASE}/v1\nA=1\n");
        write(dir, ".env.local", "A=2\n");
        WorkerConfig c = load(write(dir, "wrangler.toml", CONFIG));
        assertThat(c.secrets()).containsEntry("URL", "https://api/v1").containsEntry("A", "2");
    }

    @Test
    void dotEnvIsSkippedWhenTurnedOff() {
        write(dir, ".env", "A=1\n");
        WorkerConfig c = ConfigLoader.load(write(dir, "wrangler.toml", CONFIG), Optional.empty(), Map.of(),
                n -> n.equals("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV") ? "false" : null, SampleReader.ALL);
        assertThat(c.secrets()).isEmpty();
    }

    @Test
    void requiredSecretsFilterWhatIsLoadedAndWarnAboutMissingOnes() {
        write(dir, ".dev.vars", "API_KEY=k\nOTHER=o\n");
        WorkerConfig c = load(write(dir, "wrangler.toml", CONFIG.replace("[env.staging]", "[secrets]\nrequired = [\"DB_PASSWORD\"]\n[env.staging]")));
        assertThat(c.secrets()).isEqualTo(Map.of("API_KEY", "k")); // API_KEY is also a var name, so it is kept
        assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.contains("\"DB_PASSWORD\""));
    }

    @Test
    void aMalformedSecretFileNamesTheLineButNotTheValue() {
        write(dir, ".dev.vars", "GOOD=fine\nthis line is wrong\nSECRET=\"hunter2");
        Path file = write(dir, "wrangler.toml", CONFIG);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: expected KEY=value").hasMessageNotContaining("hunter2");
    }
}
