package dev.kiln.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HelloWorkerTest {

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml");

    @Test
    void greetsWithTheConfiguredVar() {
        Response response = kiln.fetch("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("Hello from Kiln!");
        assertThat(response.header("content-type")).hasValue("text/plain;charset=UTF-8");
    }

    @Test
    void echoesThePostedBody() {
        Response response = kiln.fetch(Request.builder(kiln.url() + "/echo").method("POST")
                .header("content-type", "text/plain").body("ping").build());
        assertThat(response.text()).isEqualTo("ping");
    }

    @Test
    void streamsServerSentEvents() {
        Response response = kiln.fetch("/stream?n=2");
        assertThat(response.header("content-type")).hasValue("text/event-stream");
        assertThat(response.text()).isEqualTo("event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n");
    }

    @Test
    void cronCanBeFiredByHand() {
        Response response = kiln.fetch("/__scheduled?cron=*/5+*+*+*+*");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("Ran scheduled event\n");
    }
}
