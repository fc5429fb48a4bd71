package dev.kiln.bindings.kv;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An in-process read cache in front of a KV namespace's store, shared by every binding to it in this process.
 *
 * <p>Workers KV is eventually consistent: a read may be up to 60 s (or {@code cacheTtl}) old on Cloudflare
 * (bindings.md §1). Kiln keeps it much tighter: writes through this process update the cache as they commit,
 * so a worker always reads its own writes; a write from another process (a {@code kiln kv key put} while
 * {@code kiln dev} runs) is seen within {@link #FRESHNESS}. Missing keys are cached too, as on Cloudflare.
 * Listing is never cached.
 */
final class KvReadCache implements KvStore {

    static final Duration FRESHNESS = Duration.ofSeconds(1);
    /** Bytes of values kept per namespace; larger values are not cached at all. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final int MAX_VALUE = 1024 * 1024;

    private final KvStore store;
    private final Cache<String, Optional<KvEntry>> cache = Caffeine.newBuilder()
            .expireAfterWrite(FRESHNESS)
            .maximumWeight(MAX_BYTES)
            .<String, Optional<KvEntry>>weigher((key, entry) -> key.length() + entry.map(e -> e.value().length).orElse(0) + 64)
            .build();

    KvReadCache(KvStore store) {
        this.store = store;
    }

    @Override
    public Optional<KvEntry> get(String key, long now) {
        Optional<KvEntry> cached = cache.getIfPresent(key);
        if (cached == null) {
            cached = store.get(key, now);
            if (cached.map(e -> e.value().length <= MAX_VALUE).orElse(true)) {
                cache.put(key, cached);
            }
        }
        // An entry that has expired since it was cached is gone (bindings.md §1: expired keys act as missing).
        return cached.filter(e -> e.expiration() == 0 || e.expiration() > now);
    }

    @Override
    public void put(String key, KvEntry entry) {
        try {
            store.put(key, entry);
        } finally {
            cache.invalidate(key);
        }
        if (entry.value().length <= MAX_VALUE) {
            cache.put(key, Optional.of(entry));
        }
    }

    @Override
    public void delete(String key) {
        try {
            store.delete(key);
        } finally {
            cache.invalidate(key);
        }
        cache.put(key, Optional.empty());
    }

    @Override
    public List<KvKey> list(String prefix, Optional<String> startAfter, int limit, long now) {
        return store.list(prefix, startAfter, limit, now);
    }
}
