package dev.kiln.examples.counter;

import dev.kiln.bindings.durable.DurableObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Request;
import dev.kiln.testing.KilnExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /counter/{name}/ws}: every new value over a hibernatable WebSocket, and bad input refused precisely. */
class CounterWebSocketTest {

    @BeforeAll
    static void quickEviction() {
        System.setProperty("kiln.do.idleTimeout", "PT0.5S");
    }

    @AfterAll
    static void defaultEviction() {
        System.clearProperty("kiln.do.idleTimeout");
    }

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml");

    /** Records what a subscriber receives. */
    static final class Subscriber implements WebSocket.Listener {
        final BlockingQueue<String> values = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket;

        static Subscriber open(KilnExtension kiln, String name) {
            Subscriber s = new Subscriber();
            URI uri = URI.create(kiln.url().toString().replace("http://", "ws://") + "/counter/" + name + "/ws");
            s.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, s).join();
            return s;
        }

        String next() throws InterruptedException {
            String value = values.poll(10, TimeUnit.SECONDS);
            assertThat(value).as("a message within 10 s").isNotNull();
            return value;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            values.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }
    }

    private String increment(String name) {
        return kiln.fetch(Request.builder(kiln.url() + "/counter/" + name + "/increment").method("POST").build()).text();
    }

    @Test
    void subscribersGetTheValueThenEveryNewOne() throws Exception {
        increment("ws");
        Subscriber a = Subscriber.open(kiln, "ws");
        Subscriber b = Subscriber.open(kiln, "ws");
        assertThat(a.next()).isEqualTo("1");
        assertThat(b.next()).isEqualTo("1");
        increment("ws");
        a.socket.sendText("increment", true).join();
        assertThat(a.next()).isEqualTo("2");
        assertThat(a.next()).isEqualTo("3");
        assertThat(b.next()).isEqualTo("2");
        assertThat(b.next()).isEqualTo("3");
    }

    @Test
    void theObjectIsEvictedWhileItsSocketsStayOpenAndWakesForTheNextMessage() throws Exception {
        Subscriber a = Subscriber.open(kiln, "sleepy");
        assertThat(a.next()).isEqualTo("0");
        await().atMost(Duration.ofSeconds(10)).until(() -> kiln.server().runtime().bindingHost(DurableObjects.class).orElseThrow().liveObjects() == 0);
        a.socket.sendText("ping", true).join(); // answered without waking the object
        assertThat(a.next()).isEqualTo("pong");
        assertThat(kiln.server().runtime().bindingHost(DurableObjects.class).orElseThrow().liveObjects()).isZero();
        a.socket.sendText("increment", true).join();
        assertThat(a.next()).isEqualTo("1");
        assertThat(kiln.fetch("/counter/sleepy").text()).isEqualTo("1");
    }

    @Test
    void aBinaryMessageClosesWith1003AndLosesNothing() throws Exception {
        increment("bin");
        Subscriber a = Subscriber.open(kiln, "bin");
        assertThat(a.next()).isEqualTo("1");
        for (int i = 0; i < 20; i++) {
            a.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        }
        assertThat(a.closeCode.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1003);
        assertThat(kiln.fetch("/counter/bin").text()).isEqualTo("1");
        assertThat(increment("bin")).isEqualTo("2");
    }

    @Test
    void anOversizeMessageClosesWith1009AndLosesNothing() throws Exception {
        increment("big");
        Subscriber a = Subscriber.open(kiln, "big");
        assertThat(a.next()).isEqualTo("1");
        a.socket.sendBinary(ByteBuffer.wrap(new byte[(32 << 20) + 1]), true); // over the 32 MiB of a hibernatable socket
        assertThat(a.closeCode.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1009);
        assertThat(kiln.fetch("/counter/big").text()).isEqualTo("1");
        Subscriber b = Subscriber.open(kiln, "big");
        assertThat(b.next()).isEqualTo("1");
    }

    @Test
    void aPlainGetOnTheSocketPathIs426() {
        assertThat(kiln.fetch("/counter/x/ws").status()).isEqualTo(426);
    }
}
