package dev.kiln.bindings.kv;

import dev.kiln.spi.StorageCalls;
import dev.kiln.api.Json;
import dev.kiln.api.KvException;
import dev.kiln.api.KvNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Workers KV binding over any {@link KvStore}: the semantics and limits of bindings.md §1 live here,
 * once, whatever the backend.
 */
public final class KvBinding implements KvNamespace {

    static final int MAX_KEY_BYTES = 512;
    static final int MAX_VALUE_BYTES = 25 * 1024 * 1024;
    static final int MAX_METADATA_BYTES = 1024;
    static final int MAX_BULK_KEYS = 100;
    static final int MAX_LIST_LIMIT = 1000;
    static final long MIN_EXPIRATION_TTL = 60;
    static final long MIN_CACHE_TTL = 30;

    private final KvStore store;
    private final java.time.Clock clock;

    public KvBinding(KvStore store) {
        this(store, java.time.Clock.systemUTC());
    }

    /** @param clock what "now" is, for expirations (tests move it by hand) */
    public KvBinding(KvStore store, java.time.Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String key) {
        return getBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> get(String key, GetOptions options) {
        options.cacheTtl().ifPresent(KvBinding::checkCacheTtl);
        return get(key);
    }

    @Override
    public Optional<byte[]> getBytes(String key) {
        return getWithMetadata(key).map(Entry::value);
    }

    @Override
    public <T> Optional<T> getJson(String key, Class<T> type) {
        return getBytes(key).map(bytes -> Json.decode(bytes, type));
    }

    @Override
    public Optional<Entry> getWithMetadata(String key) {
        checkKey(key);
        long now = now();
        return StorageCalls.call(() -> store.get(key, now)).map(e -> new Entry(e.value(),
                e.metadata().map(m -> Json.parse(m, Object.class)),
                e.expiration() == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(e.expiration()))));
    }

    @Override
    public Map<String, Optional<String>> get(List<String> keys) {
        if (keys.isEmpty() || keys.size() > MAX_BULK_KEYS) {
            throw new KvException(400, "bulk get takes 1 to " + MAX_BULK_KEYS + " keys, got " + keys.size());
        }
        keys.forEach(KvBinding::checkKey);
        long now = now();
        return StorageCalls.call(() -> {
            Map<String, Optional<String>> values = new LinkedHashMap<>();
            for (String key : keys) {
                values.put(key, store.get(key, now).map(e -> new String(e.value(), StandardCharsets.UTF_8)));
            }
            return values;
        });
    }

    @Override
    public void put(String key, String value) {
        put(key, value.getBytes(StandardCharsets.UTF_8), PutOptions.NONE);
    }

    @Override
    public void put(String key, byte[] value) {
        put(key, value, PutOptions.NONE);
    }

    @Override
    public void put(String key, String value, PutOptions options) {
        put(key, value.getBytes(StandardCharsets.UTF_8), options);
    }

    @Override
    public void put(String key, byte[] value, PutOptions options) {
        checkKey(key);
        Objects.requireNonNull(value);
        if (value.length > MAX_VALUE_BYTES) {
            throw new KvException(413, "KV value is too large: " + value.length + " bytes > " + MAX_VALUE_BYTES);
        }
        long expiration = expiration(options);
        Optional<String> metadata = options.metadata().map(m -> {
            String json = Json.stringify(m);
            int size = json.getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_METADATA_BYTES) {
                throw new KvException(413, "KV metadata is too large: " + size + " bytes serialized > " + MAX_METADATA_BYTES);
            }
            return json;
        });
        StorageCalls.run(() -> store.put(key, new KvStore.KvEntry(value, expiration, metadata)));
    }

    @Override
    public void delete(String key) {
        checkKey(key);
        StorageCalls.run(() -> store.delete(key));
    }

    @Override
    public ListResult list() {
        return list(ListOptions.ALL);
    }

    @Override
    public ListResult list(ListOptions options) {
        if (options.limit() < 1 || options.limit() > MAX_LIST_LIMIT) {
            throw new KvException(400, "list limit must be 1 to " + MAX_LIST_LIMIT + ", got " + options.limit());
        }
        String prefix = options.prefix().orElse("");
        if (utf8Length(prefix) > MAX_KEY_BYTES) {
            throw new KvException(414, "list prefix is too long: " + utf8Length(prefix) + " bytes > " + MAX_KEY_BYTES);
        }
        Optional<String> after = options.cursor().map(KvBinding::decodeCursor);
        long now = now();
        // One extra key tells whether another page follows.
        List<KvStore.KvKey> page = StorageCalls.call(() -> store.list(prefix, after, options.limit() + 1, now));
        boolean complete = page.size() <= options.limit();
        List<KvStore.KvKey> keys = complete ? page : page.subList(0, options.limit());
        List<Key> listed = keys.stream().map(k -> new Key(k.name(),
                k.expiration() == 0 ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochSecond(k.expiration())),
                k.metadata().map(m -> Json.parse(m, Object.class)))).toList();
        Optional<String> cursor = complete ? Optional.empty() : Optional.of(encodeCursor(keys.get(keys.size() - 1).name()));
        return new ListResult(listed, complete, cursor);
    }

    private long expiration(PutOptions options) {
        long now = now();
        if (options.expiration().isPresent()) {
            long at = options.expiration().get().getEpochSecond();
            if (at < now + MIN_EXPIRATION_TTL) {
                throw new KvException(400, "Invalid expiration of " + at + ". Expiration times must be at least "
                        + MIN_EXPIRATION_TTL + " seconds in the future (now is " + now + ")");
            }
            return at;
        }
        if (options.expirationTtl().isPresent()) {
            long ttl = options.expirationTtl().get().toSeconds();
            if (ttl < MIN_EXPIRATION_TTL) {
                throw new KvException(400, "Invalid expiration_ttl of " + ttl + ". Expiration TTL must be at least "
                        + MIN_EXPIRATION_TTL + " seconds");
            }
            return now + ttl;
        }
        return 0;
    }

    private static void checkCacheTtl(Duration ttl) {
        if (ttl.toSeconds() < MIN_CACHE_TTL) {
            throw new KvException(400, "Invalid cache_ttl of " + ttl.toSeconds() + ". Cache TTL must be at least " + MIN_CACHE_TTL);
        }
    }

    /** bindings.md §1: not empty, not "." or "..", at most 512 UTF-8 bytes. */
    static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new KvException(400, "KV key must not be empty");
        }
        if (key.equals(".") || key.equals("..")) {
            throw new KvException(400, "Illegal key name \"" + key + "\". Please use a different name.");
        }
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            throw new KvException(414, "KV key is too long: " + bytes + " bytes > " + MAX_KEY_BYTES);
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String encodeCursor(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new KvException(400, "invalid list cursor '" + cursor + "'");
        }
    }
}
