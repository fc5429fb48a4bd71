package dev.kiln.config;

import static dev.kiln.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConfigPrinterTest {

    @TempDir
    Path dir;

    @Test
    void printsEveryDocumentedFieldAndSecretsByNameOnly() {
        write(dir, ".dev.vars", "TOKEN=very-secret-value\n");
        WorkerConfig c = ConfigFiles.load(write(dir, "wrangler.toml", ConfigLoaderTest.TOML + """
                [[migrations]]
                tag = "v1"
                new_sqlite_classes = ["Counter"]
                """));
        String json = ConfigPrinter.toJson(c);
        JsonNode root = JsonMapper.builder().build().readTree(json);
        assertThat(root.propertyNames()).containsExactlyElementsOf(ConfigPrinter.fields());
        assertThat(root.get("bindings").get(0).toString()).isEqualTo("{\"type\":\"kv_namespaces\",\"binding\":\"CACHE\",\"target\":\"cache\"}");
        assertThat(root.get("secrets").get(0).asString()).isEqualTo("TOKEN");
        assertThat(json).doesNotContain("very-secret-value");
        assertThat(root.get("migrations").get(0).get("new_sqlite_classes").get(0).asString()).isEqualTo("Counter");
        assertThat(root.get("limits").get("cpu_ms").asLong()).isEqualTo(50);
    }
}
