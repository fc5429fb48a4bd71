package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable means durable, for D1: every batch Kiln acknowledged survives {@code kill -9}, and no batch is
 * half there. Each request writes two rows in one {@code batch}; Kiln runs in a child JVM, is killed mid-load
 * and restarted on the same state directory; every acknowledged pair is read back, and no row lacks its pair.
 */
class KillNineD1DurabilityTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyAcknowledgedD1BatchSurvivesKillNineAndNoneIsHalfWritten() throws Exception {
        Path worker = KilnDevProcess.workerProject(dir.resolve("writer"), """
                name = "writer"
                main = "w.Writer"
                compatibility_date = "2026-11-01"
                [[d1_databases]]
                binding = "DB"
                database_name = "durable"
                """, "Writer", """
                package w;
                import dev.kiln.api.*;
                import java.util.List;
                public final class Writer implements Worker {
                    public Response fetch(Request request, Env env, ExecutionContext ctx) {
                        D1Database db = env.d1("DB");
                        if (request.path().equals("/orphans")) {
                            return Response.text(String.valueOf(db.prepare("SELECT (SELECT count(*) FROM items WHERE k NOT IN (SELECT k FROM audit))"
                                    + " + (SELECT count(*) FROM audit WHERE k NOT IN (SELECT k FROM items)) AS n").first("n").orElseThrow()));
                        }
                        String key = request.queryParam("k").orElseThrow();
                        if (request.method().equals("PUT")) {
                            db.batch(List.of(db.prepare("INSERT INTO items (k, v) VALUES (?, ?)").bind(key, "value-" + key),
                                    db.prepare("INSERT INTO audit (k) VALUES (?)").bind(key)));
                            return Response.text("stored");
                        }
                        return Response.text(String.valueOf(db.prepare("SELECT i.v FROM items i JOIN audit a ON a.k = i.k WHERE i.k = ?")
                                .bind(key).first("v").orElse("missing")));
                    }
                }
                """);
        Path state = dir.resolve("state");
        CliRun schema = CliRun.run("d1", "execute", "DB", "-c", worker.resolve("wrangler.toml").toString(), "--persist-to", state.toString(),
                "--command", "CREATE TABLE items (k TEXT PRIMARY KEY, v TEXT NOT NULL); CREATE TABLE audit (k TEXT PRIMARY KEY)");
        assertThat(schema.exitCode()).as(schema.err()).isZero();

        Set<String> acknowledged;
        try (KilnDevProcess first = KilnDevProcess.start(worker, state)) {
            acknowledged = KillNineDurabilityTest.putKeysUntilKilled(first, http, Duration.ofSeconds(30));
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        try (KilnDevProcess second = KilnDevProcess.start(worker, state)) {
            String again = second.url();
            assertThat(KillNineDurabilityTest.lostKeys(again, http, acknowledged)).as("acknowledged D1 batches lost after kill -9").isEmpty();
            HttpResponse<String> orphans = http.send(HttpRequest.newBuilder(URI.create(again + "/orphans")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(orphans.body()).as("rows whose batch partner is missing").isEqualTo("0");
        }
    }
}
