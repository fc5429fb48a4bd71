package dev.kiln.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.kiln.runtime.LogRedaction;

/**
 * The layout of every line Kiln logs: the configured pattern, then the workers' secret values replaced with
 * {@code [REDACTED]} in the whole line, stack traces included (config.md §6: secrets are redacted in logs).
 */
public final class RedactingLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        return LogRedaction.redact(super.doLayout(event));
    }
}
