package dev.kiln.config;

import static dev.kiln.config.ConfigFiles.load;
import static dev.kiln.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    static final String TOML = """
            name = "api"
            main = "com.example.Api"
            compatibility_date = "2025-06-01"
            routes = ["api.example.com/*"]
            [vars]
            MODE = "prod"
            LIMITS = { max = 5 }
            [[kv_namespaces]]
            binding = "CACHE"
            id = "cache"
            [[services]]
            binding = "AUTH"
            service = "auth"
            [triggers]
            crons = ["*/5 * * * *"]
            [limits]
            cpu_ms = 50
            """;

    static final String JSONC = """
            // the same configuration as JSONC
            {
              "$schema": "node_modules/wrangler/config-schema.json",
              "name": "api", "main": "com.example.Api", "compatibility_date": "2025-06-01",
              "routes": ["api.example.com/*"],
              "vars": { "MODE": "prod", "LIMITS": { "max": 5 } },
              /* bindings */
              "kv_namespaces": [{ "binding": "CACHE", "id": "cache" },],
              "services": [{ "binding": "AUTH", "service": "auth" }],
              "triggers": { "crons": ["*/5 * * * *"] },
              "limits": { "cpu_ms": 50 },
            }
            """;

    // config.md §1: TOML and JSON hold exactly the same keys
    @Test
    void tomlJsonAndJsoncReadTheSame() {
        WorkerConfig toml = load(write(dir.resolve("t"), "wrangler.toml", TOML));
        WorkerConfig jsonc = load(write(dir.resolve("c"), "wrangler.jsonc", JSONC));
        WorkerConfig json = load(write(dir.resolve("j"), "wrangler.json", JSONC.replaceAll("(?m)^\\s*//.*$", "")
                .replaceAll("/\\*.*?\\*/", "").replace("},]", "}]").replace("},\n}", "}\n}")));
        for (WorkerConfig c : List.of(toml, jsonc, json)) {
            assertThat(c.name()).isEqualTo("api");
            assertThat(c.main()).isEqualTo("com.example.Api");
            assertThat(c.vars()).isEqualTo(Map.of("MODE", "prod", "LIMITS", Map.of("max", 5L)));
            assertThat(c.bindings()).extracting(Binding::type, Binding::name, Binding::target)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("kv_namespaces", "CACHE", "cache"),
                            org.assertj.core.groups.Tuple.tuple("services", "AUTH", "auth"));
            assertThat(c.crons()).containsExactly("*/5 * * * *");
            assertThat(c.limits()).isEqualTo(new WorkerConfig.Limits(50, 10_000));
            assertThat(c.routes()).extracting(WorkerConfig.Route::pattern).containsExactly("api.example.com/*");
        }
    }

    // config.md §1: lookup order wrangler.json, wrangler.jsonc, wrangler.toml, walking up
    @Test
    void findPrefersJsonThenJsoncThenTomlAndWalksUp() {
        write(dir, "wrangler.toml", TOML);
        Path sub = dir.resolve("a/b");
        write(sub, "placeholder.txt", "");
        assertThat(ConfigLoader.find(sub)).isEqualTo(dir.resolve("wrangler.toml").toAbsolutePath());
        write(dir, "wrangler.jsonc", JSONC);
        assertThat(ConfigLoader.find(sub).getFileName().toString()).isEqualTo("wrangler.jsonc");
        write(dir, "wrangler.json", "{}");
        assertThat(ConfigLoader.find(sub).getFileName().toString()).isEqualTo("wrangler.json");
    }

    @Test
    void noConfigAnywhereIsAClearError() {
        assertThatThrownBy(() -> ConfigLoader.find(Path.of("/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no wrangler.json, wrangler.jsonc or wrangler.toml found");
    }

    @Test
    void malformedTomlGivesFileLineAndColumn() {
        Path file = write(dir, "wrangler.toml", "name = \"x\"\nmain = \n");
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + ":2:").hasMessageContaining("error: invalid TOML");
    }

    @Test
    void malformedJsoncGivesFileLineAndColumn() {
        Path file = write(dir, "wrangler.jsonc", "{\n  \"name\": \"x\",\n  \"main\" \"y\"\n}");
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + ":3:").hasMessageContaining("invalid JSON");
    }

    @Test
    void commentsAreRejectedInPlainJson() {
        Path file = write(dir, "wrangler.json", "{ // no\n \"name\": \"x\" }");
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class).hasMessageContaining(":1:");
    }

    // config.md §1: a wrong type is a precise error naming the key path
    @Test
    void wrongTypesNameTheKeyPath() {
        Path file = write(dir, "wrangler.toml", TOML.replace("id = \"cache\"", "id = 7"));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("\"kv_namespaces[0].id\": expected a string, got integer")
                .hasMessageContaining(":10:");
    }

    @Test
    void requiredFieldsAreErrors() {
        Path file = write(dir, "wrangler.toml", "compatibility_date = \"2025-01-01\"\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("\"name\" is required").hasMessageContaining("\"main\" is required");
    }

    @Test
    void mainMustNameAJavaClass() {
        Path file = write(dir, "wrangler.toml", TOML.replace("com.example.Api", "src/index.js"));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("must name the worker's Java class");
    }

    // config.md §3: name is letters, digits and - only
    @Test
    void workerNamesRejectUnderscores() {
        Path file = write(dir, "wrangler.toml", TOML.replace("name = \"api\"", "name = \"my_api\""));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("letters, digits and '-'");
    }

    // config.md §1: unknown keys are a warning, not an error
    @Test
    void unknownFieldsWarn() {
        WorkerConfig c = load(write(dir, "wrangler.toml", "surprise = 1\n" + TOML));
        assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.equals("Unexpected fields found in top-level field: \"surprise\""));
        assertThat(c.diagnostics()).allMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
    }

    @Test
    void cloudflareOnlyAndLegacyFieldsWarnByName() {
        WorkerConfig c = load(write(dir, "wrangler.toml", "account_id = \"abc\"\nusage_model = \"bundled\"\n" + TOML));
        assertThat(c.diagnostics()).extracting(Diagnostic::message)
                .anyMatch(m -> m.contains("\"account_id\" is ignored by Kiln"))
                .anyMatch(m -> m.contains("\"usage_model\" is a legacy field"));
    }

    // config.md §4: binding names unique across every type
    @Test
    void duplicateBindingNamesAreErrors() {
        Path file = write(dir, "wrangler.toml", TOML + "[[r2_buckets]]\nbinding = \"CACHE\"\nbucket_name = \"b\"\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("binding name \"CACHE\" is already used");
    }

    @Test
    void bindingNamesMustBeIdentifiers() {
        Path file = write(dir, "wrangler.toml", TOML.replace("binding = \"CACHE\"", "binding = \"MY-CACHE\""));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("is not a valid identifier");
    }

    // config.md §3: limits.cpu_ms at most 300,000
    @Test
    void cpuLimitAbove300SecondsIsAnError() {
        Path file = write(dir, "wrangler.toml", TOML.replace("cpu_ms = 50", "cpu_ms = 300001"));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("\"limits.cpu_ms\": must be 1 to 300000, got 300001");
    }

    @Test
    void onlyOneOfRouteAndRoutes() {
        Path file = write(dir, "wrangler.toml", "route = \"a.com/*\"\n" + TOML);
        assertThatThrownBy(() -> load(file)).hasMessageContaining("only one of \"route\" and \"routes\"");
    }

    @Test
    void badCronsAreErrorsAtTheirEntry() {
        Path file = write(dir, "wrangler.toml", TOML.replace("crons = [\"*/5 * * * *\"]", "crons = [\"*/5 * * * *\", \"61 * * * *\"]"));
        assertThatThrownBy(() -> load(file)).hasMessageContaining("\"triggers.crons[1]\": invalid cron \"61 * * * *\"");
    }

    @Test
    void bindingKeysNoKindReadsAreParsedAsUnsupportedAndWarnOnce() {
        WorkerConfig c = load(write(dir, "wrangler.toml", TOML + """
                [[d1_databases]]
                binding = "DB"
                database_name = "billing"
                [[r2_buckets]]
                binding = "FILES"
                bucket_name = "files"
                [durable_objects]
                bindings = [{ name = "COUNTER", class_name = "Counter" }]
                [[queues.producers]]
                binding = "JOBS"
                queue = "jobs"
                [[queues.consumers]]
                queue = "jobs"
                max_batch_size = 5
                [ai]
                binding = "AI"
                [[analytics_engine_datasets]]
                binding = "STATS"
                dataset = "stats"
                """));
        assertThat(c.bindings()).extracting(Binding::type, Binding::name, Binding::target).contains(
                org.assertj.core.groups.Tuple.tuple("d1_databases", "DB", "billing"),
                org.assertj.core.groups.Tuple.tuple("r2_buckets", "FILES", "files"),
                org.assertj.core.groups.Tuple.tuple("durable_objects", "COUNTER", "Counter"),
                org.assertj.core.groups.Tuple.tuple("queues", "JOBS", "jobs"),
                org.assertj.core.groups.Tuple.tuple("ai", "AI", ""),
                org.assertj.core.groups.Tuple.tuple("analytics_engine_datasets", "STATS", "stats"));
        assertThat(c.queueConsumers()).singleElement().satisfies(q -> assertThat(q.maxBatchSize()).hasValue(5));
        assertThat(c.diagnostics()).extracting(Diagnostic::message)
                .filteredOn(m -> m.contains("\"STATS\"")).containsExactly("binding \"STATS\" (analytics_engine_datasets) is not supported by Kiln yet; reading it from env fails");
        assertThat(c.diagnostics()).extracting(Diagnostic::message).noneMatch(m -> m.contains("\"CACHE\"") || m.contains("\"AUTH\""));
    }

    @Test
    void extraVarsOverrideVars() {
        WorkerConfig c = ConfigLoader.load(write(dir, "wrangler.toml", TOML), Optional.empty(), Map.of("MODE", "dev"), n -> null, SampleReader.ALL);
        assertThat(c.vars()).containsEntry("MODE", "dev");
    }
}
