package dev.kiln.api;

/**
 * The result of {@link D1Database#exec(String)}.
 *
 * @param count how many statements ran
 * @param duration the time they took, in milliseconds
 */
public record D1ExecResult(int count, double duration) {
}
