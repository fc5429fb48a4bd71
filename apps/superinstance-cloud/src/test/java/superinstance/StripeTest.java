package superinstance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /webhooks/stripe}: signature verification as Stripe signs, and idempotent top-ups. */
class StripeTest extends AppTest {

    @RegisterExtension
    final KilnExtension kiln = app();

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    static String checkoutCompleted(String sessionId, String userId, long cents) {
        return Json.stringify(Map.of("id", "evt_" + sessionId, "object", "event", "type", "checkout.session.completed",
                "data", Map.of("object", Map.of("id", sessionId, "object", "checkout.session", "amount_total", cents, "currency", "usd",
                        "payment_status", "paid", "metadata", Map.of("user_id", userId)))));
    }

    static String signature(String secret, long timestamp, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
    }

    static Response post(AppTest test, String payload, String signatureHeader) {
        Request.Builder request = Request.builder(test.kiln().url() + "/webhooks/stripe").method("POST")
                .header("content-type", "application/json").body(payload);
        if (signatureHeader != null) {
            request.header("stripe-signature", signatureHeader);
        }
        return test.kiln().fetch(request.build());
    }

    /** Delivers a signed, paid checkout for the user. */
    static void deliver(AppTest test, String sessionId, String userId, long cents) {
        String payload = checkoutCompleted(sessionId, userId, cents);
        try {
            Response r = post(test, payload, signature(STRIPE_SECRET, System.currentTimeMillis() / 1000, payload));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSignedCheckoutTopsUpOnceHoweverOftenItIsDelivered() throws Exception {
        String key = createKey("dave");
        String payload = checkoutCompleted("cs_test_1", "dave", 2500);
        long now = System.currentTimeMillis() / 1000;
        Response first = post(this, payload, signature(STRIPE_SECRET, now, payload));
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(json(first)).containsEntry("applied", true);
        Response again = post(this, payload, signature(STRIPE_SECRET, now + 1, payload));
        assertThat(json(again)).containsEntry("applied", false);
        assertThat(json(send("GET", "/v1/balance", key, null))).containsEntry("balance_usd", 25).containsEntry("topups_usd", 25);
    }

    @Test
    void badSignaturesAreRefusedAndChangeNothing() throws Exception {
        String key = createKey("erin");
        String payload = checkoutCompleted("cs_test_2", "erin", 1000);
        long now = System.currentTimeMillis() / 1000;
        assertThat(post(this, payload, null).text()).contains("missing Stripe-Signature");
        assertThat(post(this, payload, signature("whsec_other", now, payload)).text()).contains("no Stripe-Signature v1 signature matches");
        String tampered = payload.replace("1000", "100000");
        assertThat(post(this, tampered, signature(STRIPE_SECRET, now, payload)).status()).isEqualTo(400);
        assertThat(post(this, payload, signature(STRIPE_SECRET, now - 301, payload)).text()).contains("tolerance");
        assertThat(post(this, payload, "t=" + now).status()).isEqualTo(400);
        assertThat(json(send("GET", "/v1/balance", key, null))).containsEntry("topups_usd", 0);
        // One of several v1 signatures may match (Stripe sends more than one while a secret is rolled).
        String both = signature("whsec_old", now, payload) + "," + signature(STRIPE_SECRET, now, payload).split(",")[1];
        assertThat(json(post(this, payload, both))).containsEntry("applied", true);
    }

    @Test
    void otherEventsAndUnpaidCheckoutsAreAcknowledgedWithoutATopUp() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String other = "{\"id\":\"evt_2\",\"type\":\"customer.created\",\"data\":{\"object\":{}}}";
        assertThat(json(post(this, other, signature(STRIPE_SECRET, now, other)))).containsEntry("applied", false);
        String unpaid = checkoutCompleted("cs_3", "erin", 1000).replace("\"paid\"", "\"unpaid\"");
        assertThat(json(post(this, unpaid, signature(STRIPE_SECRET, now, unpaid)))).containsEntry("applied", false);
    }
}
