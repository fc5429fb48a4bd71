package dev.kiln.examples.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CounterTest {

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml");

    private Response increment(String name) {
        return kiln.fetch(Request.builder(kiln.url() + "/counter/" + name + "/increment").method("POST").build());
    }

    @Test
    void incrementsReturnTheNewValueAndGetReadsIt() {
        assertThat(increment("a").text()).isEqualTo("1");
        assertThat(increment("a").text()).isEqualTo("2");
        assertThat(kiln.fetch("/counter/a").text()).isEqualTo("2");
    }

    @Test
    void eachNameIsItsOwnObject() {
        increment("a");
        increment("b");
        increment("b");
        assertThat(kiln.fetch("/counter/a").text()).isEqualTo("1");
        assertThat(kiln.fetch("/counter/b").text()).isEqualTo("2");
        assertThat(kiln.fetch("/counter/never").text()).isEqualTo("0");
    }

    @Test
    void otherPathsAre404() {
        assertThat(kiln.fetch("/nope").status()).isEqualTo(404);
    }
}
