package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable means durable, for R2 too: every object put Kiln acknowledged survives {@code kill -9}, uploads cut
 * off by the kill leave nothing behind once the bucket is opened again, and the {@code kiln r2} commands work
 * on the same bucket while {@code kiln dev} serves it.
 */
class R2KillNineDurabilityTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyAcknowledgedPutSurvivesKillNineAndNothingHalfWrittenRemains() throws Exception {
        Path worker = KilnDevProcess.workerProject(dir.resolve("objects"), """
                name = "objects"
                main = "w.Objects"
                compatibility_date = "2026-11-01"
                [[r2_buckets]]
                binding = "BUCKET"
                bucket_name = "durable"
                """, "Objects", """
                package w;
                import dev.kiln.api.*;
                public final class Objects implements Worker {
                    public Response fetch(Request request, Env env, ExecutionContext ctx) {
                        String key = request.queryParam("k").orElseThrow();
                        if (request.method().equals("PUT")) {
                            R2Object stored = env.r2("BUCKET").put(key, request.body());
                            return Response.text("stored " + stored.size());
                        }
                        return env.r2("BUCKET").get(key).map(o -> Response.text(o.text())).orElseGet(() -> Response.text(404, "missing"));
                    }
                }
                """);
        Path state = dir.resolve("state");

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try (KilnDevProcess first = KilnDevProcess.start(worker, state)) {
            first.killNineUnderLoad(12, Duration.ofSeconds(30), () -> acknowledged.size() >= 200, (writer, i) -> {
                String key = "w" + writer + "/" + i;
                // Every fourth writer sends 1 MiB bodies, so uploads are in flight when the kill lands.
                String value = (key + ";").repeat(writer % 4 == 0 ? 1024 * 1024 / (key.length() + 1) : 3);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(first.url() + "/?k=" + key))
                        .PUT(HttpRequest.BodyPublishers.ofString(value)).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().equals("stored " + value.length())) {
                    acknowledged.put(key, value);
                }
            });
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);

        try (KilnDevProcess second = KilnDevProcess.start(worker, state)) {
            String again = second.url();
            List<String> lost = new ArrayList<>();
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(again + "/?k=" + e.getKey())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!r.body().equals(e.getValue())) {
                    lost.add(e.getKey());
                }
            }
            assertThat(lost).as("acknowledged puts lost after kill -9").isEmpty();

            // Reopening the bucket removed what the killed process left: no staged file, no unreferenced blob.
            Path bucket = state.resolve("r2/durable");
            assertThat(count(bucket.resolve("tmp"))).isZero();
            CliRun info = CliRun.run("r2", "bucket", "info", "durable", "--persist-to", state.toString());
            assertThat(info.exitCode()).as(info.err()).isZero();
            long objects = Long.parseLong(info.out().lines().filter(l -> l.startsWith("object_count:"))
                    .findFirst().orElseThrow().replaceAll("\\D", ""));
            assertThat(objects).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(count(bucket.resolve("blobs"))).isEqualTo(objects);

            // The CLI and the running server share the bucket, each seeing the other's writes.
            Path file = Files.writeString(dir.resolve("from-cli.txt"), "written by the CLI");
            CliRun put = CliRun.run("r2", "object", "put", "durable/from-cli", "--file", file.toString(), "--persist-to", state.toString());
            assertThat(put.exitCode()).as(put.err()).isZero();
            HttpResponse<String> seen = http.send(HttpRequest.newBuilder(URI.create(again + "/?k=from-cli")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(seen.body()).isEqualTo("written by the CLI");
            String someKey = acknowledged.keySet().iterator().next();
            Path copy = dir.resolve("copy.txt");
            CliRun get = CliRun.run("r2", "object", "get", "durable/" + someKey, "--file", copy.toString(), "--persist-to", state.toString());
            assertThat(get.exitCode()).as(get.err()).isZero();
            assertThat(Files.readString(copy)).isEqualTo(acknowledged.get(someKey));
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
