package superinstance;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.testing.KilnExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sync tokens signed with RS256 by keys published as a JWKS ({@code SYNC_JWKS_URL}). */
class JwksTest extends AppTest {

    static final RSAKey KEY = generate();
    static final HttpServer JWKS = serve(new JWKSet(KEY.toPublicJWK()).toString());

    @RegisterExtension
    final KilnExtension kiln = app().var("SYNC_JWKS_URL", "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks.json");

    @Override
    KilnExtension kiln() {
        return kiln;
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpServer serve(String jwks) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", ex -> {
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rs256TokensFromTheJwksPassAndHs256OnesDoNot() throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), SyncTest.claims("alice").build());
        token.sign(new RSASSASigner(KEY));
        assertThat(send("GET", "/sync/status", token.serialize(), null).status()).isEqualTo(200);
        var hs256 = send("GET", "/sync/status", SyncTest.token("alice"), null);
        assertThat(hs256.status()).isEqualTo(401);
        assertThat(json(hs256)).containsEntry("reason", "bad_signature");
    }
}
