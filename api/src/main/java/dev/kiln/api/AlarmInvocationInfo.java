package dev.kiln.api;

import java.time.Instant;

/**
 * What {@link DurableObject#alarm(AlarmInvocationInfo)} is told about the attempt.
 *
 * @param retryCount how many times this alarm was retried before this attempt (0 on the first)
 * @param isRetry whether this attempt is a retry
 * @param scheduledTime when the alarm was set to fire
 */
public record AlarmInvocationInfo(int retryCount, boolean isRetry, Instant scheduledTime) {
}
