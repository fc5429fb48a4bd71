package dev.kiln.config;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron trigger in Cloudflare's syntax (bindings.md §6), evaluated in UTC: five fields
 * {@code minute hour day-of-month month day-of-week}; months 1–12 or JAN–DEC, days of week 1–7 with
 * 1 = Sunday, or SUN–SAT (any case); {@code L} and {@code W} in day-of-month, {@code L} and {@code #} in
 * day-of-week. When both day fields are restricted, a day matching either fires (classic cron semantics).
 * Immutable and thread-safe.
 */
public final class CronSchedule {

    private static final CronDefinition CLOUDFLARE = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().withStrictRange().and()
            .withMonth().withValidRange(1, 12).withStrictRange().and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark().withStrictRange().and()
            .instance();
    private static final CronParser PARSER = new CronParser(CLOUDFLARE);

    private final String expression;
    private final ExecutionTime execution;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.execution = ExecutionTime.forCron(cron);
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the expression
     */
    public static CronSchedule parse(String expression) {
        String trimmed = expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        if (fields != 5) {
            throw new IllegalArgumentException("cron \"" + expression + "\" has " + fields
                    + " fields; Cloudflare crons have 5: minute hour day-of-month month day-of-week");
        }
        try {
            return new CronSchedule(expression, PARSER.parse(trimmed.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron \"" + expression + "\": " + e.getMessage(), e);
        }
    }

    /** @return the expression as written */
    public String expression() {
        return expression;
    }

    /** @return the first firing strictly after the instant, in UTC, if there is one */
    public Optional<Instant> nextAfter(Instant after) {
        ZonedDateTime from = after.atZone(ZoneOffset.UTC);
        return execution.nextExecution(from).map(ZonedDateTime::toInstant).filter(t -> t.isAfter(after));
    }

    @Override
    public String toString() {
        return expression;
    }
}
