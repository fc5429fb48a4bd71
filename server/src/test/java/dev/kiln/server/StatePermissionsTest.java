package dev.kiln.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new state directory is readable by its owner only: every directory Kiln creates in it is mode 700 and every
 * file (SQLite databases with their -wal and -shm files, R2 blobs, the admin token) mode 600, whatever the umask.
 */
class StatePermissionsTest {

    @TempDir
    Path root;

    @Test
    void aNewStateDirectoryIs700AndItsFiles600() throws IOException {
        Path worker = WorkerFixture.worker(root, "store", """
                public Response fetch(Request request, Env env, ExecutionContext ctx) {
                    env.kv("KV").put("k", "v");
                    env.d1("DB").exec("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
                    env.r2("FILES").put("k", "content");
                    return Response.text("stored");
                }
                """, """
                [[kv_namespaces]]
                binding = "KV"
                id = "kv1"
                [[d1_databases]]
                binding = "DB"
                database_name = "db1"
                [[r2_buckets]]
                binding = "FILES"
                bucket_name = "files"
                """);
        Path counter = Path.of("..", "examples", "counter").toAbsolutePath().normalize();
        Path state = root.resolve("state");
        assertThat(state).doesNotExist();
        try (KilnServer server = WorkerFixture.serve(root, WorkerFixture.options(root), worker, counter)) {
            assertThat(Http.get(server.url() + "/").body()).isEqualTo("stored");
            assertThat(Http.send(HttpRequest.newBuilder(URI.create(server.url() + "/counter/a/increment"))
                    .header("Host", "counter.localhost").POST(HttpRequest.BodyPublishers.noBody()).build()).body()).isEqualTo("1");
            AdminAccess.token(state, Optional.empty());

            List<Path> all;
            try (Stream<Path> walk = Files.walk(state)) {
                all = walk.toList();
            }
            assertThat(all).as("KV, D1, R2, Durable Object and admin files were written")
                    .anyMatch(p -> p.toString().endsWith(".sqlite-wal"))
                    .anyMatch(p -> p.getParent().getFileName().toString().equals("blobs"))
                    .anyMatch(p -> p.startsWith(state.resolve("do")) && p.toString().endsWith(".sqlite"))
                    .anyMatch(p -> p.getFileName().toString().equals("admin-token"));
            for (Path p : all) {
                String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(state.relativize(p).toString()).isEqualTo(expected);
            }
        }
    }
}
