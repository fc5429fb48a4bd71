package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable Object data on the admin API: token-protected, read-only. */
class DurableObjectAdminTest {

    @TempDir
    Path root;
    KilnServer server;

    @BeforeEach
    void start() {
        Path worker = ObjectProject.write(root, "w", DurableObjectMigrationTest.toml("w", DurableObjectMigrationTest.binding("Counter", null),
                DurableObjectMigrationTest.V1), Map.of("Main", DurableObjectMigrationTest.MAIN, "Count", DurableObjectMigrationTest.COUNT,
                "Counter", DurableObjectMigrationTest.counter("Counter")));
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        Http.post(server.url() + "/?name=alpha", "");
        Http.post(server.url() + "/?name=alpha", "");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> admin(String path) {
        return Http.get(server.adminUrl() + path, "Authorization", "Bearer " + WorkerFixture.TOKEN);
    }

    @Test
    void showsNamespacesObjectsStorageAndSql() {
        assertThat(admin("/do").body()).contains("\"namespace\":\"w.Counter\"").contains("\"objects\":1").contains("\"live\":1");
        assertThat(admin("/do/w.Counter").body()).contains("\"name\":\"alpha\"");
        assertThat(admin("/do/w.Counter/name:alpha/storage").body()).isEqualTo("{\"v\":2}");
        assertThat(admin("/do/w.Counter/name:alpha/storage/v").body()).isEqualTo("2");
        assertThat(admin("/do/w.Counter/name:alpha/storage/missing").statusCode()).isEqualTo(404);
        assertThat(admin("/do/w.Counter/name:alpha/sql?q=SELECT%201%20AS%20one").body()).isEqualTo("{\"columns\":[\"one\"],\"rows\":[[1]]}");
        HttpResponse<String> write = admin("/do/w.Counter/name:alpha/sql?q=DELETE%20FROM%20x");
        assertThat(write.statusCode()).isEqualTo(400);
        assertThat(admin("/do/w.Counter/name:nobody/storage").statusCode()).isEqualTo(404);
        assertThat(admin("/do/w.Counter/xyz/storage").statusCode()).isEqualTo(400);
    }

    @Test
    void needsTheToken() {
        assertThat(Http.get(server.adminUrl() + "/do").statusCode()).isEqualTo(401);
    }
}
