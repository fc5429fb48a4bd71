package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A streamed answer that goes wrong after its headers were relayed: the client's stream ends with an error event. */
class StreamFailureTest {

    static final StubGateway GATEWAY = RouterTest.start("only");
    static final String STREAM = "{\"stream\":true,\"messages\":[]}";

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml")
            .var("ZEPTOCLAW_GATEWAY_URLS", GATEWAY.url())
            // Far above the idle timeout, so a stall is ended by the idle timeout alone.
            .var("ZEPTOCLAW_UPSTREAM_TIMEOUT_MS", "8000")
            .var("ZEPTOCLAW_STREAM_IDLE_TIMEOUT_MS", "300")
            .var("ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "0");

    @AfterEach
    void resetStub() {
        GATEWAY.streamGate.countDown();
        GATEWAY.streamGate = new CountDownLatch(0);
        GATEWAY.mode = StubGateway.Mode.OK;
    }

    @AfterAll
    static void stopStub() throws IOException {
        GATEWAY.close();
    }

    private Response chat(String body) {
        return kiln.fetch(Request.builder(kiln.url() + "/v1/chat/completions").method("POST").body(body).build());
    }

    @Test
    void aStreamThatBreaksMidwayEndsWithAnErrorEventAndCountsAsAFailure() {
        GATEWAY.mode = StubGateway.Mode.BREAK_MIDSTREAM;
        Response r = chat(STREAM);
        assertThat(r.status()).isEqualTo(200);
        String events = r.text();
        assertThat(events).contains("\"content\":\"Hel\"").contains("\"code\":\"stream_interrupted\"").doesNotContain("[DONE]");
        assertThat(events.indexOf("\"Hel\"")).isLessThan(events.indexOf("stream_interrupted"));
        String health = kiln.fetch("/health").text();
        assertThat(health).contains("\"consecutiveFailures\":1").contains("\"healthy\":false");
    }

    @Test
    void aStreamThatStallsAfterItsHeadersEndsAfterTheIdleTimeout() {
        GATEWAY.streamGate = new CountDownLatch(1); // the stub sends its first chunk, then waits for this gate
        Response r = chat(STREAM);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"content\":\"Hel\"").contains("\"code\":\"stream_timeout\"")
                .contains("nothing received for 300 ms").doesNotContain("\"content\":\"lo\"");
        String state = kiln.fetch("/state").text();
        assertThat(state).contains("\"consecutiveFailures\":1").contains("stream stalled");
    }

    @Test
    void aJsonBodyThatBreaksMidwayIsCutOffForTheClientToo() throws Exception {
        GATEWAY.mode = StubGateway.Mode.BREAK_MIDBODY;
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kiln.url() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(RouterTest.HELLO)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException expected) {
            r = null; // the response was cut off: what the client must see
        }
        assertThat(r).as("a truncated body relayed as if complete").isNull();
        assertThat(kiln.fetch("/health").text()).contains("\"consecutiveFailures\":1");
    }

    @Test
    void aStreamThatFinishesIsRelayedWhole() {
        String events = chat(STREAM).text();
        assertThat(events).contains("\"content\":\"Hel\"").contains("\"content\":\"lo\"").endsWith("data: [DONE]\n\n")
                .doesNotContain("error");
        assertThat(kiln.fetch("/health").text()).contains("\"consecutiveFailures\":0");
    }
}
