package superinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /sync/*}: JWT checks, settings with conflicts, knowledge and history with cursors, the lock, LoRA files. */
class SyncTest {

    static final String ISSUER = "superinstance";
    static final String AUDIENCE = "superinstance-sync";

    static String jwt(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return token.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }

    static String token(String user) {
        return jwt(AppTest.JWT_SECRET, claims(user).build());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Uploads a LoRA over a raw socket: the headers and the first KiB at once, the rest when the latch opens.
     *
     * @return the response's status code, when it comes
     */
    static CompletableFuture<Integer> heldUpload(URI base, String token, String name, byte[] content, CountDownLatch release) throws Exception {
        java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort());
        var out = socket.getOutputStream();
        String head = "POST /sync/lora/" + name + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nx-content-sha256: " + sha256(content) + "\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content, 0, 1024);
        out.flush();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (socket) {
                release.await(60, TimeUnit.SECONDS);
                out.write(content, 1024, content.length - 1024);
                out.flush();
                String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                status.complete(Integer.parseInt(statusLine.split(" ")[1]));
            } catch (Exception e) {
                status.completeExceptionally(e);
            }
        });
        return status;
    }

    @Nested
    class Endpoints extends AppTest {
        @RegisterExtension
        final KilnExtension kiln = app();

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void tokensAreCheckedAndFailuresNameTheirReason() {
            long now = System.currentTimeMillis();
            Map<String, String> cases = Map.of(
                    "missing_token", "",
                    "malformed", "not.a.jwt",
                    "expired", jwt(JWT_SECRET, claims("u").expirationTime(new Date(now - 61_000)).build()),
                    "not_yet_valid", jwt(JWT_SECRET, claims("u").notBeforeTime(new Date(now + 120_000)).build()),
                    "bad_signature", jwt("another-secret-of-at-least-32-bytes-long!", claims("u").build()),
                    "wrong_audience", jwt(JWT_SECRET, claims("u").audience("someone-else").build()),
                    "wrong_issuer", jwt(JWT_SECRET, claims("u").issuer("evil").build()),
                    "missing_claims", jwt(JWT_SECRET, new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                            .expirationTime(new Date(now + 60_000)).build()));
            cases.forEach((reason, token) -> {
                Response r = send("GET", "/sync/status", token.isEmpty() ? null : token, null);
                assertThat(r.status()).as(reason).isEqualTo(401);
                assertThat(json(r)).as(reason).containsEntry("reason", reason);
                assertThat(r.text()).doesNotContain(JWT_SECRET);
            });
            // Within the 60 s leeway an expired token still passes.
            assertThat(send("GET", "/sync/status", jwt(JWT_SECRET, claims("u").expirationTime(new Date(now - 30_000)).build()), null).status())
                    .isEqualTo(200);
        }

        @Test
        void settingsPushWithAStaleBaseIsAConflictCarryingTheServersCopy() {
            String phone = token("alice");
            assertThat(json(send("POST", "/sync/settings", phone, Map.of("action", "pull")))).containsEntry("version", 0);
            assertThat(json(send("POST", "/sync/settings", phone, Map.of("action", "push", "base_version", 0, "settings", Map.of("theme", "dark")))))
                    .containsEntry("version", 1);
            Response stale = send("POST", "/sync/settings", phone, Map.of("action", "push", "base_version", 0, "settings", Map.of("theme", "light")));
            assertThat(stale.status()).isEqualTo(409);
            assertThat(json(stale).get("server")).isEqualTo(Map.of("version", 1, "settings", Map.of("theme", "dark"),
                    "updated_at", ((Map<?, ?>) json(stale).get("server")).get("updated_at")));
            assertThat(json(send("POST", "/sync/settings", phone, Map.of("action", "push", "base_version", 1, "settings", Map.of("theme", "light")))))
                    .containsEntry("version", 2);
            assertThat(json(send("POST", "/sync/settings", token("bob"), Map.of("action", "pull")))).containsEntry("version", 0);
        }

        @Test
        void knowledgeGoesToR2AndD1AndIsPulledSinceACursor() throws Exception {
            String t = token("alice");
            Response pushed = send("POST", "/sync/knowledge", t, Map.of("action", "push", "documents", List.of(
                    Map.of("id", "recipes.md", "title", "Recipes", "content", "Bread: flour, water, salt."),
                    Map.of("id", "notes.md", "content", "Notes", "sha256", sha256("Notes".getBytes(StandardCharsets.UTF_8))))));
            assertThat(json(pushed)).containsEntry("stored", 2).containsEntry("cursor", 2);
            java.nio.file.Path copy = kiln.stateDir().resolveSibling(kiln.stateDir().getFileName() + "-recipes.md");
            kiln("r2", "object", "get", "superinstance-knowledge/users/alice/knowledge/recipes.md", "--file", copy.toString());
            assertThat(java.nio.file.Files.readString(copy)).isEqualTo("Bread: flour, water, salt.");
            java.nio.file.Files.delete(copy);

            Map<String, Object> all = json(send("POST", "/sync/knowledge", t, Map.of("action", "pull", "since", 0)));
            assertThat(all.get("documents").toString()).contains("id=recipes.md", "content=Bread: flour, water, salt.", "id=notes.md");
            send("POST", "/sync/knowledge", t, Map.of("action", "push", "documents", List.of(Map.of("id", "notes.md", "deleted", true))));
            Map<String, Object> since = json(send("POST", "/sync/knowledge", t, Map.of("action", "pull", "since", all.get("cursor"))));
            assertThat((List<?>) since.get("documents")).hasSize(1);
            assertThat(since.get("documents").toString()).contains("id=notes.md", "deleted=true").doesNotContain("recipes");

            Response mismatch = send("POST", "/sync/knowledge", t, Map.of("action", "push", "documents", List.of(
                    Map.of("id", "ok.md", "content", "fine"), Map.of("id", "bad.md", "content", "x", "sha256", "0".repeat(64)))));
            assertThat(mismatch.status()).isEqualTo(422);
            // Nothing of a refused push is stored.
            assertThat(d1("SELECT * FROM knowledge_documents WHERE doc_id = 'ok.md'")).isEmpty();
        }

        @Test
        void historyIsPushedAndPulledAndStatusShowsTheLastSyncs() {
            String t = token("alice");
            assertThat(json(send("GET", "/sync/status", t, null)).get("last_sync").toString()).contains("history=null");
            send("POST", "/sync/history", t, Map.of("action", "push", "sessions", List.of(
                    Map.of("id", "s1", "title", "Bread", "messages", List.of(Map.of("role", "user", "content", "hi"))))));
            Map<String, Object> pulled = json(send("POST", "/sync/history", t, Map.of("action", "pull", "since", 0)));
            assertThat(pulled.get("sessions").toString()).contains("id=s1", "title=Bread", "content=hi");
            assertThat(json(send("POST", "/sync/history", t, Map.of("action", "pull", "since", pulled.get("cursor")))).get("sessions"))
                    .isEqualTo(List.of());
            assertThat(send("POST", "/sync/history", t, Map.of("action", "push", "sessions", List.of(Map.of("id", "s2")))).status()).isEqualTo(400);
            assertThat(json(send("GET", "/sync/status", t, null)).get("last_sync").toString()).doesNotContain("history=null");
        }

        @Test
        void aSecondSyncWhileOneRunsGets423WithTheHoldersExpiry() throws Exception {
            String t = token("alice");
            CountDownLatch release = new CountDownLatch(1);
            byte[] expected = new byte[4096];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) (i & 0x7f);
            }
            CompletableFuture<Integer> upload = heldUpload(kiln.url(), t, "slow", expected, release);
            await().atMost(Duration.ofSeconds(10)).until(() -> json(send("GET", "/sync/status", t, null)).get("locked_until") != null);
            Response blocked = send("POST", "/sync/settings", t, Map.of("action", "pull"));
            assertThat(blocked.status()).isEqualTo(423);
            assertThat(json(blocked).get("locked_until")).isInstanceOf(Number.class);
            assertThat(blocked.header("retry-after")).isPresent();
            // Another user is not blocked.
            assertThat(send("POST", "/sync/settings", token("bob"), Map.of("action", "pull")).status()).isEqualTo(200);
            release.countDown();
            assertThat(upload.get(30, TimeUnit.SECONDS)).isEqualTo(201);
            assertThat(send("POST", "/sync/settings", t, Map.of("action", "pull")).status()).isEqualTo(200);
        }

        @Test
        void aLoraIsStoredWithItsHashCheckedAndStreamsBack() throws Exception {
            String t = token("alice");
            byte[] adapter = "pretend these are LoRA weights".repeat(1000).getBytes(StandardCharsets.UTF_8);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(kiln.url() + "/sync/lora/style"))
                    .header("authorization", "Bearer " + t).header("x-content-sha256", "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(adapter)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(422);
            assertThat(send("GET", "/sync/lora/style", t, null).status()).isEqualTo(404);

            HttpResponse<String> stored = http.send(HttpRequest.newBuilder(URI.create(kiln.url() + "/sync/lora/style"))
                    .header("authorization", "Bearer " + t).header("x-content-sha256", sha256(adapter))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(adapter)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
            Response back = send("GET", "/sync/lora/style", t, null);
            assertThat(back.bytes()).isEqualTo(adapter);
            assertThat(back.header("x-content-sha256")).hasValue(sha256(adapter));
            assertThat(json(send("GET", "/sync/lora", t, null)).get("adapters").toString()).contains("name=style", "size=" + adapter.length);
            assertThat(send("GET", "/sync/lora/style", token("bob"), null).status()).isEqualTo(404);
        }
    }

    @Nested
    class ShortLease extends AppTest {
        @RegisterExtension
        final KilnExtension kiln = app().var("SYNC_LOCK_SECONDS", "2");

        @Override
        KilnExtension kiln() {
            return kiln;
        }

        @Test
        void aStuckHoldersLockExpiresAfterItsLease() throws Exception {
            String t = token("alice");
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Integer> stuck = heldUpload(kiln.url(), t, "stuck", new byte[4096], never);
            await().atMost(Duration.ofSeconds(10)).until(() -> json(send("GET", "/sync/status", t, null)).get("locked_until") != null);
            assertThat(send("POST", "/sync/settings", t, Map.of("action", "pull")).status()).isEqualTo(423);
            // The holder is stuck (no byte arrives, so it renews nothing): its 2 s lease runs out.
            await().atMost(Duration.ofSeconds(10)).until(() -> send("POST", "/sync/settings", t, Map.of("action", "pull")).status() == 200);
            stuck.cancel(true);
            never.countDown();
        }
    }
}
