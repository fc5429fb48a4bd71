package dev.kiln.runtime;

import dev.kiln.spi.KilnThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code waitUntil} work of one invocation: each task on its own virtual thread, all of it given a
 * deadline after the response (bindings.md §12: 30 s), then the stragglers are interrupted.
 */
final class BackgroundWork {

    private final String name;
    private final Consumer<Throwable> onFailure;
    private final List<Thread> threads = new ArrayList<>();
    private final List<CompletableFuture<?>> stages = new ArrayList<>();

    BackgroundWork(String name, Consumer<Throwable> onFailure) {
        this.name = name;
        this.onFailure = onFailure;
    }

    synchronized void add(Runnable task, Runnable before, Runnable after) {
        threads.add(KilnThreads.start(name, () -> {
            before.run();
            try {
                task.run();
            } catch (Throwable e) {
                onFailure.accept(e);
            } finally {
                after.run();
            }
        }));
    }

    synchronized void add(CompletionStage<?> stage) {
        stages.add(stage.toCompletableFuture().whenComplete((ok, error) -> {
            if (error != null) {
                onFailure.accept(error);
            }
        }));
    }

    synchronized boolean isEmpty() {
        return threads.isEmpty() && stages.isEmpty();
    }

    /** Waits for all work until the deadline, then interrupts what is left; returns how many were cut short. */
    int awaitThenCancel(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Thread> pendingThreads;
        List<CompletableFuture<?>> pendingStages;
        synchronized (this) {
            pendingThreads = List.copyOf(threads);
            pendingStages = List.copyOf(stages);
        }
        int cancelled = 0;
        for (Thread t : pendingThreads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    t.interrupt();
                    cancelled++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                t.interrupt();
                cancelled++;
            }
        }
        for (CompletableFuture<?> f : pendingStages) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (!f.isDone()) {
                    f.cancel(true);
                    cancelled++;
                }
            }
        }
        return cancelled;
    }
}
