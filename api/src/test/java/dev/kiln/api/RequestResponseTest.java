package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestResponseTest {

    @Test
    void exposesPathAndDecodedQueryParameters() {
        Request r = Request.get("https://example.com:8443/a/b%20c?x=1&y=two%20words&x=3&flag");
        assertThat(r.path()).isEqualTo("/a/b%20c");
        assertThat(r.host()).isEqualTo("example.com");
        assertThat(r.queryParam("y")).hasValue("two words");
        assertThat(r.queryParams("x")).containsExactly("1", "3");
        assertThat(r.queryParam("flag")).hasValue("");
        assertThat(r.queryParam("nope")).isEmpty();
        assertThat(Request.get("http://h").path()).isEqualTo("/");
    }

    @Test
    void rejectsRelativeUrlsBadMethodsAndBadStatuses() {
        assertThatThrownBy(() -> Request.get("/relative")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/relative");
        assertThatThrownBy(() -> Request.builder("http://h").method("GE T")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.text(600, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("600");
        assertThatThrownBy(() -> Response.redirect("/x", 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void methodIsUpperCased() {
        assertThat(Request.builder("http://h").method("post").build().method()).isEqualTo("POST");
    }

    // WHATWG HTML §9.2.6: each line of data is its own data: field; an empty line ends the event.
    @Test
    void eventStreamFramesMultiLineDataAndFlushesEachEvent() throws Exception {
        Response r = Response.eventStream(events -> events.send("update", "line1\nline2", "7").data("plain").comment("ping"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.body().writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: update\nid: 7\ndata: line1\ndata: line2\n\ndata: plain\n\n: ping\n\n");
        assertThat(r.header("content-type")).hasValue("text/event-stream");
    }
}
