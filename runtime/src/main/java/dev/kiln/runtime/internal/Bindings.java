package dev.kiln.runtime.internal;

import dev.kiln.config.WorkerConfig;
import java.util.Map;

/** Creates the live binding objects a worker's {@code env} hands out, keyed by binding name. */
@FunctionalInterface
interface Bindings {

    /** @return binding name to binding object, for every binding kind this Kiln supports */
    Map<String, Object> create(WorkerConfig config);
}
