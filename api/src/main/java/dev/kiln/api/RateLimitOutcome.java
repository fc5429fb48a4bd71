package dev.kiln.api;

/**
 * The answer of {@link RateLimiter#limit(String)}.
 *
 * @param success {@code true} if the call is within the limit, {@code false} if the key is over it
 */
public record RateLimitOutcome(boolean success) {
}
