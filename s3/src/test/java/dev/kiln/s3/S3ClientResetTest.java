package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/** A client that resets its connection while a GET streams out is an everyday event: logged at DEBUG, never as an error. */
class S3ClientResetTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    final Logger log = (Logger) LoggerFactory.getLogger(S3Handler.class);
    final ListAppender<ILoggingEvent> events = new ListAppender<>();
    Level previous;

    @BeforeEach
    void capture() {
        previous = log.getLevel();
        log.setLevel(Level.DEBUG);
        events.start();
        log.addAppender(events);
    }

    @AfterEach
    void release() {
        log.detachAppender(events);
        log.setLevel(previous);
    }

    @Test
    void aResetDuringAStreamedGetIsLoggedAtDebugWithoutAStackTrace() throws Exception {
        fixture.s3.createBucket(b -> b.bucket("big"));
        // far more than the socket buffers hold, so the server is still writing when the reset arrives
        fixture.s3.putObject(b -> b.bucket("big").key("k"), RequestBody.fromBytes(new byte[48 * 1024 * 1024]));
        SignedRaw.Wire wire = SignedRaw.sign(fixture, "GET", "/big/k", Map.of(), new byte[0], false);
        try (Socket socket = SignedRaw.connect(fixture)) {
            socket.setReceiveBufferSize(16 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(wire.head());
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
            socket.setSoLinger(true, 0); // close sends RST
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.list)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("failed after the response began")));
        assertThat(events.list).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getThrowableProxy()).isNull();
        });
        assertThat(fixture.s3.headObject(b -> b.bucket("big").key("k")).contentLength()).isEqualTo(48L * 1024 * 1024);
    }
}
