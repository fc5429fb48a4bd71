package superinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chat sessions: one Durable Object each, listed from D1, reachable only by their owner. */
class SessionTest extends AppTest {

    @RegisterExtension
    final KilnExtension kiln = app();

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    private String newSession(String key) {
        Response r = send("POST", "/v1/sessions", key, null);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return (String) json(r).get("session_id");
    }

    @Test
    void messagesTitleContextClearAndDelete() {
        String key = createKey("alice");
        String id = newSession(key);
        String first = "How do I keep my sourdough starter alive while I travel for three weeks in the summer?";
        assertThat(send("POST", "/v1/sessions/" + id + "/messages", key, Map.of("role", "user", "content", first)).status()).isEqualTo(200);
        Map<String, Object> after = json(send("POST", "/v1/sessions/" + id + "/messages", key, Map.of("role", "assistant", "content", "Feed it.")));
        // Cut at a word boundary, at most 60 characters.
        assertThat(after).containsEntry("title", "How do I keep my sourdough starter alive while I travel for").containsEntry("message_count", 2);
        assertThat(((String) after.get("title")).length()).isLessThanOrEqualTo(60);

        Map<String, Object> context = Map.of("pathos_framing", "Be kind", "constraints", List.of("metric units"));
        assertThat(json(send("POST", "/v1/sessions/" + id + "/context", key, context)).get("context")).isEqualTo(context);
        Map<String, Object> session = json(send("GET", "/v1/sessions/" + id, key, null));
        assertThat(session.get("messages").toString()).contains("role=user", "role=assistant", "Feed it.");

        assertThat(json(send("POST", "/v1/sessions/" + id + "/clear", key, null))).containsEntry("message_count", 0)
                .containsEntry("title", "How do I keep my sourdough starter alive while I travel for");
        assertThat(send("POST", "/v1/sessions/" + id + "/messages", key, Map.of("role", "robot", "content", "x")).status()).isEqualTo(400);

        assertThat(send("DELETE", "/v1/sessions/" + id, key, null).status()).isEqualTo(200);
        assertThat(send("GET", "/v1/sessions/" + id, key, null).status()).isEqualTo(404);
        assertThat(json(send("GET", "/v1/sessions", key, null)).get("sessions")).isEqualTo(List.of());
    }

    @Test
    void theListIsTheCallersNewestFirstAndOthersGet404() {
        String alice = createKey("alice");
        String mallory = createKey("mallory");
        String older = newSession(alice);
        String newer = newSession(alice);
        send("POST", "/v1/sessions/" + newer + "/messages", alice, Map.of("role", "user", "content", "hello"));
        List<?> sessions = (List<?>) json(send("GET", "/v1/sessions", alice, null)).get("sessions");
        assertThat(sessions.stream().<Object>map(s -> ((Map<?, ?>) s).get("session_id")).toList()).containsExactly(newer, older);
        assertThat(sessions.getFirst().toString()).contains("title=hello", "message_count=1");

        assertThat(json(send("GET", "/v1/sessions", mallory, null)).get("sessions")).isEqualTo(List.of());
        assertThat(send("GET", "/v1/sessions/" + newer, mallory, null).status()).isEqualTo(404);
        assertThat(send("POST", "/v1/sessions/" + newer + "/messages", mallory, Map.of("role", "user", "content", "x")).status()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/sessions/" + newer, mallory, null).status()).isEqualTo(404);
        assertThat(json(send("GET", "/v1/sessions/" + newer, alice, null))).containsEntry("message_count", 1);
    }

    @Test
    void anEscalationWithASessionIdAppendsBothMessages() {
        String key = createKey("alice");
        String id = newSession(key);
        Response r = send("POST", "/v1/escalate", key, Map.of("request_id", "s1", "query", "What is 2+2?", "session_id", id));
        assertThat(json(r)).containsEntry("session_id", id);
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) json(send("GET", "/v1/sessions/" + id, key, null)).get("message_count")).intValue() == 2);
        Map<String, Object> session = json(send("GET", "/v1/sessions/" + id, key, null));
        assertThat(session.get("messages").toString()).contains("content=What is 2+2?", "content=Hello from Claude");
        assertThat(session).containsEntry("title", "What is 2+2?");
    }
}
