package dev.kiln.spi;

import dev.kiln.api.Env;
import dev.kiln.config.WorkerConfig;
import java.util.Optional;

/** One loaded version of a worker. The same version is always the same object, so identity tells versions apart. */
public interface WorkerHandle {

    WorkerConfig config();

    /** @return the load failure, if this version did not load */
    Optional<WorkerLoadException> failure();

    /** @return the worker's class loader; empty if this version failed to load */
    Optional<ClassLoader> classLoader();

    /** @return the worker's env (null if this version failed to load) */
    Env environment();
}
