package zeptoclaw;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Copies a gateway's streamed body to the client as it arrives, with an idle timeout. A reader thread takes what
 * the gateway sends and hands it over a small queue; the client's side waits at most the idle timeout for each
 * piece, so a gateway that stalls after its headers cannot hold the client's stream open forever. When the relay
 * ends early (a stall, or the client gone) the reader is interrupted, which closes the gateway's connection.
 */
final class StreamRelay {

    /** Pieces read ahead of the client; a slow client holds the reader back (backpressure). */
    private static final int READ_AHEAD = 16;

    private sealed interface Piece {
    }

    private record Data(byte[] bytes) implements Piece {
    }

    private record Failed(IOException error) implements Piece {
    }

    private record End() implements Piece {
    }

    /** Why a relay did not finish: the gateway's stream broke, or stalled (sent nothing for the idle timeout). */
    record Failure(boolean stalled, String reason) {
    }

    private StreamRelay() {
    }

    /**
     * @return why the gateway's stream did not finish, or empty if it finished
     * @throws IOException if writing to the client fails
     */
    static Optional<Failure> copy(InputStream upstream, OutputStream client, Duration idleTimeout) throws IOException {
        BlockingQueue<Piece> pieces = new ArrayBlockingQueue<>(READ_AHEAD);
        Thread reader = Thread.ofVirtual().name("zeptoclaw-stream-reader").start(() -> read(upstream, pieces));
        try {
            while (true) {
                Piece piece = pieces.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
                switch (piece) {
                    case null -> {
                        return Optional.of(new Failure(true, "stream stalled: nothing received for " + idleTimeout.toMillis() + " ms"));
                    }
                    case Failed failed -> {
                        return Optional.of(new Failure(false, "stream broke: " + failed.error().getMessage()));
                    }
                    case End end -> {
                        return Optional.empty();
                    }
                    case Data data -> {
                        client.write(data.bytes());
                        client.flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("relay interrupted", e);
        } finally {
            reader.interrupt(); // a no-op once the reader has finished
        }
    }

    private static void read(InputStream upstream, BlockingQueue<Piece> pieces) {
        Piece last;
        try (upstream) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = upstream.read(buffer)) >= 0) {
                pieces.put(new Data(Arrays.copyOf(buffer, n)));
            }
            last = new End();
        } catch (IOException e) {
            last = new Failed(e);
        } catch (InterruptedException e) {
            return; // the relay ended first: nobody is waiting for more
        }
        try {
            pieces.put(last);
        } catch (InterruptedException e) {
            // the relay ended first
        }
    }
}
