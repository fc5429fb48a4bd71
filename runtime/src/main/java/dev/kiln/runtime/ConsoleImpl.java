package dev.kiln.runtime;

import dev.kiln.api.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** An invocation's console: to the worker's log, and kept for {@code kiln tail} while someone listens. */
final class ConsoleImpl implements Console {

    private final Logger log;
    private final String requestId;
    private final SecretMask mask;
    private final List<TailEvent.LogLine> lines; // null when nobody tails

    ConsoleImpl(Logger log, String requestId, SecretMask mask, boolean keep) {
        this.log = log;
        this.requestId = requestId;
        this.mask = mask;
        this.lines = keep ? new ArrayList<>() : null;
    }

    @Override
    public void log(Object... parts) {
        emit("log", parts);
    }

    @Override
    public void debug(Object... parts) {
        emit("debug", parts);
    }

    @Override
    public void info(Object... parts) {
        emit("info", parts);
    }

    @Override
    public void warn(Object... parts) {
        emit("warn", parts);
    }

    @Override
    public void error(Object... parts) {
        emit("error", parts);
    }

    private void emit(String level, Object... parts) {
        String message = mask.apply(join(parts));
        switch (level) {
            case "debug" -> log.debug("[{}] {}", requestId, message);
            case "warn" -> log.warn("[{}] {}", requestId, message);
            case "error" -> log.error("[{}] {}", requestId, message);
            default -> log.info("[{}] {}", requestId, message);
        }
        if (lines != null) {
            synchronized (lines) {
                lines.add(new TailEvent.LogLine(System.currentTimeMillis(), level, message));
            }
        }
    }

    List<TailEvent.LogLine> lines() {
        if (lines == null) {
            return List.of();
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static String join(Object... parts) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (part instanceof Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                out.append(trace.toString().stripTrailing());
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }
}
