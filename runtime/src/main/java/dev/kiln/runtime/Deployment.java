package dev.kiln.runtime;

import dev.kiln.api.Worker;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.WorkerHandle;
import dev.kiln.spi.WorkerLoadException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a worker: its configuration, class loader, instance and environment. A version that
 * failed to load keeps its error, which requests for it are answered with.
 */
final class Deployment implements WorkerHandle, AutoCloseable {

    private final WorkerConfig config;
    private final int version;
    private final Worker worker;
    private final WorkerClassLoader loader;
    private final EnvImpl env;
    private final WorkerLoadException failure;
    private final WorkerMetrics metrics;
    private final OutboundHttp outbound;
    private final SecretMask secretMask;
    private final Logger log;

    private Deployment(WorkerConfig config, int version, Worker worker, WorkerClassLoader loader, EnvImpl env,
                       WorkerLoadException failure, WorkerMetrics metrics, OutboundHttp outbound) {
        this.config = config;
        this.version = version;
        this.worker = worker;
        this.loader = loader;
        this.env = env;
        this.failure = failure;
        this.metrics = metrics;
        this.outbound = outbound;
        this.secretMask = new SecretMask(config.secrets().values());
        this.log = LoggerFactory.getLogger("worker." + config.name());
    }

    /** Compiles and instantiates the worker; a failure is kept, not thrown. */
    public static Deployment load(WorkerConfig config, int version, WorkerCompiler compiler, WorkerMetrics metrics,
                           OutboundHttp outbound, BindingHosts bindings) {
        WorkerClassLoader loader = null;
        try {
            WorkerCompiler.Output output = compiler.compile(config.baseDir());
            loader = new WorkerClassLoader(config.name(), output);
            Worker worker = instantiate(config, loader);
            EnvImpl env = new EnvImpl(config, bindings.bind(config));
            return new Deployment(config, version, worker, loader, env, null, metrics, outbound);
        } catch (WorkerLoadException e) {
            if (loader != null) {
                loader.close();
            }
            return new Deployment(config, version, null, null, null, e, metrics, outbound);
        }
    }

    private static Worker instantiate(WorkerConfig config, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(config.main(), true, loader);
        } catch (ClassNotFoundException e) {
            throw new WorkerLoadException("worker class " + config.main() + " (main in " + config.file() + ") was not found in "
                    + WorkerCompiler.sourceRoot(config.baseDir()));
        } catch (LinkageError | RuntimeException e) {
            throw new WorkerLoadException("worker class " + config.main() + " failed to initialize: " + e, e);
        }
        if (!Worker.class.isAssignableFrom(type)) {
            throw new WorkerLoadException("worker class " + config.main() + " does not implement " + Worker.class.getName());
        }
        try {
            return (Worker) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new WorkerLoadException("worker class " + config.main() + " needs a public no-argument constructor");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new WorkerLoadException("worker class " + config.main() + " threw in its constructor: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new WorkerLoadException("worker class " + config.main() + " could not be created: " + e, e);
        }
    }

    @Override
    public WorkerConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public int version() {
        return version;
    }

    @Override
    public Optional<WorkerLoadException> failure() {
        return Optional.ofNullable(failure);
    }

    Worker worker() {
        return worker;
    }

    EnvImpl env() {
        return env;
    }

    @Override
    public Optional<ClassLoader> classLoader() {
        return Optional.ofNullable(loader);
    }

    @Override
    public dev.kiln.api.Env environment() {
        return env;
    }

    WorkerMetrics metrics() {
        return metrics;
    }

    OutboundHttp outbound() {
        return outbound;
    }

    SecretMask secretMask() {
        return secretMask;
    }

    Logger log() {
        return log;
    }

    @Override
    public void close() {
        if (loader != null) {
            loader.close();
        }
    }
}
