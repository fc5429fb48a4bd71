package dev.kiln.bindings.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.config.ConfigLoader;
import dev.kiln.config.Diagnostic;
import dev.kiln.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code ratelimits} and legacy {@code unsafe.bindings} rate limiters read (config.md §4). */
class RateLimitKindTest {

    private static final String TOP = "name = \"w\"\nmain = \"a.W\"\ncompatibility_date = \"2025-06-01\"\n";

    @TempDir
    Path dir;

    private WorkerConfig load(String toml) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("wrangler.toml"), TOP + toml), Optional.empty(), Map.of(), n -> null,
                List.of(new RateLimitKind()));
    }

    @Test
    void aRateLimitIsTargetedByItsNamespaceId() throws IOException {
        WorkerConfig c = load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = \"1001\"\nsimple = { limit = 100, period = 60 }\n");
        assertThat(c.bindings(RateLimitBinding.class)).containsExactly(new RateLimitBinding("RL", "1001", 100, 60));
        assertThat(c.bindings()).singleElement().satisfies(b -> {
            assertThat(b.type()).isEqualTo("ratelimits");
            assertThat(b.target()).isEqualTo("1001");
        });
    }

    @Test
    void theNamespaceIdMayBeANumber() throws IOException {
        WorkerConfig c = load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = 1001\n[ratelimits.simple]\nlimit = 10\nperiod = 10\n");
        assertThat(c.bindings(RateLimitBinding.class)).containsExactly(new RateLimitBinding("RL", "1001", 10, 10));
    }

    @Test
    void theLegacyUnsafeFormIsTheSameBinding() throws IOException {
        WorkerConfig c = load("[[unsafe.bindings]]\nname = \"RL\"\ntype = \"ratelimit\"\nnamespace_id = \"1001\"\nsimple = { limit = 10, period = 60 }\n");
        assertThat(c.bindings(RateLimitBinding.class)).containsExactly(new RateLimitBinding("RL", "1001", 10, 60));
        assertThat(c.diagnostics()).isEmpty();
    }

    @Test
    void theJsonFormReadsTheSame() throws IOException {
        WorkerConfig c = ConfigLoader.load(Files.writeString(dir.resolve("wrangler.json"), """
                {"name": "w", "main": "a.W", "compatibility_date": "2025-06-01",
                 "ratelimits": [{"name": "RL", "namespace_id": 1001, "simple": {"limit": 100, "period": 60}}]}
                """), Optional.empty(), Map.of(), n -> null, List.of(new RateLimitKind()));
        assertThat(c.bindings(RateLimitBinding.class)).containsExactly(new RateLimitBinding("RL", "1001", 100, 60));
    }

    // config.md §4: any other period is the error "simple.period" must be either 10 or 60
    @Test
    void thePeriodMustBeTenOrSixty() {
        assertThatThrownBy(() -> load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = \"1001\"\nsimple = { limit = 10, period = 30 }\n"))
                .hasMessageContaining("\"ratelimits[0].simple.period\": \"simple.period\" must be either 10 or 60")
                .hasMessageContaining(":7:");
    }

    @Test
    void theLegacyFormChecksThePeriodToo() {
        assertThatThrownBy(() -> load("[[unsafe.bindings]]\nname = \"RL\"\ntype = \"ratelimit\"\nnamespace_id = \"1\"\nsimple = { limit = 10, period = 5 }\n"))
                .hasMessageContaining("\"simple.period\" must be either 10 or 60");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = \"1001\"\nsimple = { limit = 0, period = 10 }\n"))
                .hasMessageContaining("\"ratelimits[0].simple.limit\": must be a positive integer");
    }

    @Test
    void simpleIsRequired() {
        assertThatThrownBy(() -> load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = \"1001\"\n"))
                .hasMessageContaining("\"ratelimits[0].simple\": is required: { limit, period }");
    }

    @Test
    void theNamespaceIdIsRequired() {
        assertThatThrownBy(() -> load("[[ratelimits]]\nname = \"RL\"\nsimple = { limit = 1, period = 10 }\n"))
                .hasMessageContaining("\"ratelimits[0].namespace_id\": is required");
    }

    @Test
    void aNamespaceIdOfAnotherTypeIsNamed() {
        assertThatThrownBy(() -> load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = true\nsimple = { limit = 1, period = 10 }\n"))
                .hasMessageContaining("\"ratelimits[0].namespace_id\": must be an integer or a string");
    }

    @Test
    void unexpectedFieldsWarn() throws IOException {
        WorkerConfig c = load("[[ratelimits]]\nname = \"RL\"\nnamespace_id = \"1\"\nsimple = { limit = 1, period = 10 }\nburst = 5\n");
        assertThat(c.diagnostics()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m).contains("burst"));
    }
}
