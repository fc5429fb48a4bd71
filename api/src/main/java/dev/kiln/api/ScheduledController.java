package dev.kiln.api;

import java.time.Instant;

/** One firing of a cron trigger, passed to {@link Worker#scheduled}. */
public interface ScheduledController {

    /** @return the cron expression that fired, as written in the configuration */
    String cron();

    /** @return the time the firing was scheduled for (UTC) */
    Instant scheduledTime();

    /** Marks the run as not to be retried. Kiln never retries scheduled runs, so this only documents intent. */
    void noRetry();
}
