package dev.kiln.runtime;

import java.util.List;
import java.util.Optional;

/**
 * A worker as the admin API and CLI report it.
 *
 * @param name worker name
 * @param version how many times it was loaded (1 at start, +1 per reload)
 * @param config the configuration file
 * @param error why the current version failed to load, if it did
 * @param routes route patterns
 * @param crons cron triggers
 */
public record WorkerStatus(String name, int version, String config, Optional<String> error, List<String> routes, List<String> crons) {
}
