package dev.kiln.runtime;

import dev.kiln.spi.KilnThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each worker's sources ({@code src/main/java}, {@code lib/}) and configuration files, and calls
 * back with the worker's config directory once changes settle (changes within 300 ms count as one).
 */
final class SourceWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceWatcher.class);
    private static final long SETTLE_MILLIS = 300;

    private final WatchService watcher;
    private final Map<WatchKey, Path> owners = new ConcurrentHashMap<>();
    private final Map<Path, Long> pending = new ConcurrentHashMap<>();
    private final Consumer<Path> onChange;
    private final Thread loop;

    public SourceWatcher(Consumer<Path> onChange) {
        this.onChange = onChange;
        try {
            this.watcher = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch files", e);
        }
        this.loop = KilnThreads.start("kiln-source-watcher", this::run);
    }

    /** Starts watching the worker whose configuration lives in {@code baseDir}. */
    public void watch(Path baseDir) {
        register(baseDir, baseDir, false);
        for (Path tree : new Path[] {WorkerCompiler.sourceRoot(baseDir), WorkerCompiler.libraryDir(baseDir)}) {
            if (Files.isDirectory(tree)) {
                try (Stream<Path> dirs = Files.walk(tree)) {
                    dirs.filter(Files::isDirectory).forEach(dir -> register(dir, baseDir, true));
                } catch (IOException e) {
                    LOG.warn("cannot watch {}: {}", tree, e.getMessage());
                }
            }
        }
    }

    private void register(Path dir, Path baseDir, boolean tree) {
        try {
            WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            owners.put(key, baseDir);
        } catch (IOException e) {
            LOG.warn("cannot watch {}: {}", dir, e.getMessage());
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    Path baseDir = owners.get(key);
                    Path dir = (Path) key.watchable();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (baseDir != null && relevant(baseDir, dir, event)) {
                            pending.put(baseDir, System.currentTimeMillis());
                            Path child = dir.resolve((Path) event.context());
                            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child) && !dir.equals(baseDir)) {
                                register(child, baseDir, true);
                            }
                        }
                    }
                    key.reset();
                }
                long now = System.currentTimeMillis();
                pending.forEach((baseDir, at) -> {
                    if (now - at >= SETTLE_MILLIS && pending.remove(baseDir, at)) {
                        onChange.accept(baseDir);
                    }
                });
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** In the config directory itself only configuration and secret files matter (not .wrangler/ state). */
    private static boolean relevant(Path baseDir, Path dir, WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            return true;
        }
        String name = event.context().toString();
        if (!dir.equals(baseDir)) {
            return !name.startsWith(".") && !name.endsWith("~");
        }
        return name.startsWith("wrangler.") || name.startsWith(".dev.vars") || name.startsWith(".env")
                || name.equals("src") || name.equals("lib");
    }

    @Override
    public void close() {
        loop.interrupt();
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the file watcher failed", e);
        }
    }
}
