package dev.kiln.spi;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place Kiln creates threads and executors: named virtual threads with an uncaught-exception handler. */
public final class KilnThreads {

    private static final Logger LOG = LoggerFactory.getLogger(KilnThreads.class);
    private static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
            (thread, error) -> LOG.error("uncaught exception in {}", thread.getName(), error);

    private KilnThreads() {
    }

    /** @return a factory of virtual threads named {@code prefix-N} */
    public static ThreadFactory virtual(String prefix) {
        return Thread.ofVirtual().name(prefix + "-", 0).uncaughtExceptionHandler(LOG_UNCAUGHT).factory();
    }

    /** @return an executor that runs each task on a new virtual thread named {@code prefix-N} */
    public static ExecutorService perTask(String prefix) {
        return Executors.newThreadPerTaskExecutor(virtual(prefix));
    }

    /** Starts the task now on a new virtual thread. */
    public static Thread start(String name, Runnable task) {
        return Thread.ofVirtual().name(name).uncaughtExceptionHandler(LOG_UNCAUGHT).start(task);
    }

    /**
     * @return a single-threaded scheduler on a platform daemon thread (timers only: tasks it runs must hand
     *     real work to a virtual thread)
     */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name).daemon(true).uncaughtExceptionHandler(LOG_UNCAUGHT).factory());
    }
}
