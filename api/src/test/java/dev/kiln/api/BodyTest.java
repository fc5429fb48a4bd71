package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyTest {

    @Test
    void aStreamedBodyReadWholeCanBeReadAgain() {
        Body body = Body.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(body.isStreamed()).isTrue();
        assertThat(body.text()).isEqualTo("hello");
        assertThat(body.bytes()).hasSize(5);
        assertThat(body.length()).hasValue(5);
    }

    @Test
    void aStreamedBodyConsumedAsAStreamCannotBeReadAgain() {
        Body body = Body.of(new ByteArrayInputStream(new byte[3]));
        body.stream();
        assertThat(body.isUsed()).isTrue();
        assertThatThrownBy(body::bytes).isInstanceOf(IllegalStateException.class).hasMessage("body already used");
    }

    @Test
    void aWriterBodyCanBeWrittenOrReadAsAStream() throws Exception {
        Body written = Body.writer(out -> out.write("abc".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        written.writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(Body.writer(o -> o.write(new byte[100_000])).bytes()).hasSize(100_000);
    }

    @Test
    void lengthIsKnownForBytesAndDeclaredStreams() {
        assertThat(Body.of("héllo").length()).hasValue(6);
        assertThat(Body.of(new ByteArrayInputStream(new byte[4]), 4).length()).hasValue(4);
        assertThat(Body.writer(o -> { }).length()).isEmpty();
        assertThatThrownBy(() -> Body.of(new ByteArrayInputStream(new byte[0]), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
