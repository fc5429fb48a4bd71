package superinstance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Json;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.cli.Main;
import dev.kiln.testing.KilnExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the app's end-to-end tests share: Kiln running the app from its wrangler.toml on a free port with the
 * D1 migrations applied (by {@code kiln d1 migrations apply}, as an operator would), and stub providers.
 */
abstract class AppTest {

    static final StubProviders PROVIDERS = start();
    static final String ADMIN = "admin-token-for-tests";
    static final String STRIPE_SECRET = "whsec_test_secret";
    static final String JWT_SECRET = "a-sync-secret-of-at-least-32-bytes-for-hs256";

    /** The app with test secrets and the stub providers' URLs; subclasses add vars. */
    static KilnExtension app() {
        return KilnExtension.forConfig("wrangler.toml")
                .var("ANTHROPIC_BASE_URL", PROVIDERS.anthropicUrl())
                .var("OPENAI_BASE_URL", PROVIDERS.openAiUrl())
                .var("ANTHROPIC_API_KEY", "sk-ant-test")
                .var("OPENAI_API_KEY", "sk-openai-test")
                .var("ADMIN_TOKEN", ADMIN)
                .var("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET)
                .var("SYNC_JWT_SECRET", JWT_SECRET);
    }

    abstract KilnExtension kiln();

    private static StubProviders start() {
        try {
            return new StubProviders();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void migrate() {
        PROVIDERS.reset();
        assertThat(kiln("d1", "migrations", "apply", "superinstance", "-y")).contains("0001_init.sql");
    }

    @AfterEach
    void resetProviders() {
        PROVIDERS.reset();
    }

    /** Runs a kiln command on this test's state directory; returns its output, failing on a non-zero exit. */
    String kiln(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--persist-to";
        full[args.length + 1] = kiln().stateDir().toString();
        full[args.length + 2] = "-c";
        full[args.length + 3] = "wrangler.toml";
        int code = cli.execute(full);
        assertThat(code).as("kiln %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** @return the rows of a query on the app's D1 database */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> d1(String sql) {
        List<Object> results = Json.parse(kiln("d1", "execute", "superinstance", "--command", sql, "--json"), List.class);
        return (List<Map<String, Object>>) ((Map<String, Object>) results.getFirst()).get("results");
    }

    String createKey(String userId) {
        Response r = send("POST", "/admin/api-keys", ADMIN, Map.of("user_id", userId));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return (String) json(r).get("key");
    }

    Response send(String method, String path, String bearer, Object body) {
        Request.Builder request = Request.builder(kiln().url() + path).method(method);
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("content-type", "application/json").body(body instanceof String s ? s : Json.stringify(body));
        }
        return kiln().fetch(request.build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Response response) {
        return Json.parse(response.text(), Map.class);
    }

    static Map<String, Object> escalation(String requestId) {
        return Map.of("request_id", requestId, "query", "What is 2+2?");
    }
}
