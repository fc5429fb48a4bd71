package dev.kiln.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage backend of a Kiln process: the stores of every binding kind, opened on first use from the
 * {@link StoreProvider}s registered for the chosen backend, one per store interface. Thread-safe. Closing it
 * closes every store it opened.
 */
public final class Backend implements AutoCloseable {

    private final BackendSettings settings;
    private final Map<Class<?>, StoreProvider<?>> providers;
    private final Map<Class<?>, Object> open = new ConcurrentHashMap<>();
    private final List<Object> openOrder = new ArrayList<>();
    private volatile boolean closed;

    private Backend(BackendSettings settings, Map<Class<?>, StoreProvider<?>> providers) {
        this.settings = settings;
        this.providers = providers;
    }

    /**
     * @return the backend the settings name, with every store provider registered for it
     * @throws IllegalArgumentException if no provider is registered under that name
     */
    public static Backend open(BackendSettings settings) {
        Map<Class<?>, StoreProvider<?>> found = new ConcurrentHashMap<>();
        TreeSet<String> names = new TreeSet<>();
        for (StoreProvider<?> p : ServiceLoader.load(StoreProvider.class, Backend.class.getClassLoader())) {
            names.add(p.backend());
            if (p.backend().equals(settings.name())) {
                StoreProvider<?> previous = found.putIfAbsent(p.type(), p);
                if (previous != null) {
                    throw new IllegalStateException("two providers of " + p.type().getName() + " for backend '" + settings.name()
                            + "': " + previous.getClass().getName() + " and " + p.getClass().getName());
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no storage backend named '" + settings.name() + "'; available: " + names);
        }
        return new Backend(settings, Map.copyOf(found));
    }

    /**
     * @return the backend's store of that interface, opened on first use
     * @throws IllegalStateException if the backend has none (a binding kind it does not support)
     */
    public <S> S store(Class<S> type) {
        Object store = open.get(type);
        if (store == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the storage backend is closed");
                }
                store = open.get(type);
                if (store == null) {
                    StoreProvider<?> provider = providers.get(type);
                    if (provider == null) {
                        throw new IllegalStateException("the '" + settings.name() + "' storage backend has no " + type.getSimpleName());
                    }
                    store = provider.open(settings);
                    open.put(type, store);
                    openOrder.add(store);
                }
            }
        }
        return type.cast(store);
    }

    public BackendSettings settings() {
        return settings;
    }

    /** @return where the data lives, for people ("/path/to/state", "postgresql://...") */
    public String describe() {
        return settings.name().equals(BackendSettings.EMBEDDED) ? settings.stateDir().toString()
                : settings.name() + " (" + settings.stateDir() + ")";
    }

    /** Closes the stores, the last opened first. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = openOrder.size() - 1; i >= 0; i--) {
            if (openOrder.get(i) instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new StorageException("cannot close " + c + ": " + e.getMessage(), e);
                }
            }
        }
        openOrder.clear();
        open.clear();
    }
}
