package superinstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a {@code text/event-stream} body event by event (WHATWG HTML §9.2, the parts providers use). */
final class ServerSentEvents {

    /** Called per event; {@code event} is "message" when unnamed. */
    @FunctionalInterface
    interface Handler {
        /** @return false to stop reading */
        boolean onEvent(String event, String data);
    }

    private ServerSentEvents() {
    }

    static void read(InputStream body, Handler handler) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String event = "message";
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (hasData && !handler.onEvent(event, data.toString())) {
                    return;
                }
                event = "message";
                data.setLength(0);
                hasData = false;
            } else if (line.startsWith("data:")) {
                if (hasData) {
                    data.append('\n');
                }
                data.append(field(line, 5));
                hasData = true;
            } else if (line.startsWith("event:")) {
                event = field(line, 6);
            }
        }
        if (hasData) {
            handler.onEvent(event, data.toString());
        }
    }

    private static String field(String line, int from) {
        return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
    }
}
