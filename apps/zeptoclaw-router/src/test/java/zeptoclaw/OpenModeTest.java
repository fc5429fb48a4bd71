package zeptoclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router with neither ZEPTOCLAW_CLIENT_KEYS nor ZEPTOCLAW_ADMIN_TOKEN set, and its one gateway given in the
 * singular ZEPTOCLAW_GATEWAY_URL form.
 */
class OpenModeTest {

    static final StubGateway GATEWAY = RouterTest.start("single");

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml")
            .var("ZEPTOCLAW_GATEWAY_URLS", "") // blank: the singular form below applies
            .var("ZEPTOCLAW_GATEWAY_URL", GATEWAY.url() + "/")
            .var("ZEPTOCLAW_PROBE_INTERVAL_SECONDS", "0");

    @AfterAll
    static void stopStub() throws IOException {
        GATEWAY.close();
    }

    @Test
    void withoutClientKeysV1IsOpenAndTheSingleGatewayUrlIsUsed() {
        Response chat = kiln.fetch(Request.builder(kiln.url() + "/v1/chat/completions").method("POST")
                .body(RouterTest.HELLO).build());
        assertThat(chat.status()).isEqualTo(200);
        assertThat(chat.text()).contains("hello from single");
        assertThat(chat.header("x-zeptoclaw-gateway")).hasValue(GATEWAY.url()); // the trailing slash trimmed
        Response models = kiln.fetch("/v1/models");
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.text()).contains("single-model");
        assertThat(kiln.fetch("/health").text()).contains("\"url\":\"" + GATEWAY.url() + "\"");
    }

    @Test
    void withoutAnAdminTokenAdminEndpointsAre403AndChangeNothing() {
        for (String[] call : new String[][] {{"POST", "/heartbeat"}, {"POST", "/state/reset"}, {"POST", "/gateway/incident"},
                {"DELETE", "/gateway/incidents"}, {"POST", "/health/reset"}}) {
            for (String authorization : new String[] {"", "Bearer anything"}) {
                Request.Builder request = Request.builder(kiln.url() + call[1]).method(call[0])
                        .body("{\"agentId\":\"a1\",\"status\":\"ok\",\"message\":\"m\"}");
                if (!authorization.isEmpty()) {
                    request.header("authorization", authorization);
                }
                Response r = kiln.fetch(request.build());
                assertThat(r.status()).as(call[0] + " " + call[1] + " with '" + authorization + "'").isEqualTo(403);
                assertThat(r.text()).contains("ZEPTOCLAW_ADMIN_TOKEN is not configured");
            }
        }
        assertThat(kiln.fetch("/state").text()).contains("\"heartbeatCount\":0");
        assertThat(kiln.fetch("/gateway/incidents").text()).isEqualTo("{\"incidents\":[]}");
    }
}
