package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every gateway refuses connections: nothing was ever cached, nothing answers. */
class GatewaysDownTest {

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml")
            .var("ZEPTOCLAW_GATEWAY_URLS", closedPortUrl() + "," + closedPortUrl())
            .var("ZEPTOCLAW_UPSTREAM_TIMEOUT_MS", "2000")
            .var("ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "0");

    /** @return a gateway URL on a loopback port that was free a moment ago and is now closed */
    static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyGatewayRefusingIsA502NamingEachFailure() {
        Response r = kiln.fetch(Request.builder(kiln.url() + "/v1/chat/completions").method("POST")
                .body("{\"messages\":[]}").build());
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.header("x-zeptoclaw-attempts")).hasValue("2");
        String body = r.text();
        assertThat(body).contains("\"type\":\"upstream_error\"").contains("\"code\":\"gateways_unavailable\"")
                .contains("All 2 gateways failed");
        assertThat(body.split("connection failed", -1)).hasSize(3); // one reason per gateway
        assertThat(kiln.fetch("/health").text()).contains("\"status\":\"down\"");
    }

    @Test
    void modelsWithNothingCachedAndEveryGatewayDownIsA503() {
        Response r = kiln.fetch("/v1/models");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.text()).contains("No gateway answered /models and none was cached").contains("\"code\":\"gateways_unavailable\"");
    }
}
