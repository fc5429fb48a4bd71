package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void namesAreCaseInsensitiveAndValuesKeepTheirOrder() {
        Headers h = Headers.builder().add("Set-Cookie", "a=1").add("set-cookie", "b=2").add("X-One", "1").build();
        assertThat(h.all("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(h.first("x-one")).hasValue("1");
        assertThat(h.get("set-cookie")).hasValue("a=1, b=2");
        assertThat(h.names()).containsExactly("set-cookie", "x-one");
        assertThat(h.first("missing")).isEmpty();
    }

    @Test
    void withReplacesAndWithoutRemovesEveryValue() {
        Headers h = Headers.of("a", "1", "a", "2", "b", "3");
        assertThat(h.with("A", "9").all("a")).containsExactly("9");
        assertThat(h.without("a").names()).containsExactly("b");
        assertThat(h.all("a")).containsExactly("1", "2");
    }

    // RFC 9110 §5.1 / §5.5: names are tokens; values may not hold CR, LF or NUL (header injection).
    @Test
    void rejectsInvalidNamesAndValues() {
        assertThatThrownBy(() -> Headers.of("bad name", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
        assertThatThrownBy(() -> Headers.of("x", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Headers.of("odd")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
    }
}
