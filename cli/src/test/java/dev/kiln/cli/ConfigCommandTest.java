package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConfigCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheResolvedConfigurationAsJson() throws Exception {
        Files.writeString(dir.resolve("wrangler.toml"), """
                name = "api"
                main = "com.example.Api"
                compatibility_date = "2026-01-01"
                [[kv_namespaces]]
                binding = "CACHE"
                id = "cache-id"
                [triggers]
                crons = ["0 * * * *"]
                [env.staging]
                [[env.staging.kv_namespaces]]
                binding = "CACHE"
                id = "staging-cache"
                """);
        CliRun run = CliRun.run("config", "print", dir.toString(), "--env", "staging", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertThat(json.get("name").asString()).isEqualTo("api-staging");
        assertThat(json.get("bindings").get(0).get("type").asString()).isEqualTo("kv_namespaces");
        assertThat(json.get("bindings").get(0).get("target").asString()).isEqualTo("staging-cache");
        // config.md §3: triggers are inheritable
        assertThat(json.get("crons").get(0).asString()).isEqualTo("0 * * * *");
    }

    @Test
    void aMalformedFileIsAnErrorWithItsPositionAndNoStackTrace() throws Exception {
        Files.writeString(dir.resolve("wrangler.toml"), "name = \"x\"\nmain = \n");
        CliRun run = CliRun.run("config", "print", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("wrangler.toml:2:").doesNotContain("\tat ");
    }
}
