package dev.kiln.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Workers KV namespace ({@code [[kv_namespaces]]}), read with {@link Env#kv(String)}. Keys are 1–512 UTF-8
 * bytes (not {@code .} or {@code ..}); values up to 25 MiB; metadata is any JSON value up to 1024 bytes
 * serialized. Expired keys act as missing. Violations throw {@link KvException} with the status Cloudflare
 * gives (400, 413, 414) and both sides of the limit in the message. Thread-safe.
 *
 * <p>Kiln's embedded store gives read-your-writes on one node; as on Cloudflare, writes to one key are
 * last-writer-wins and there are no atomic or conditional operations.
 */
public interface KvNamespace {

    /** @return the value as UTF-8 text, if the key exists */
    Optional<String> get(String key);

    /**
     * @param options {@code cacheTtl} (accepted, at least 30 s; the embedded store is always fresh)
     * @return the value as UTF-8 text, if the key exists
     */
    Optional<String> get(String key, GetOptions options);

    /** @return the raw value, if the key exists */
    Optional<byte[]> getBytes(String key);

    /**
     * @return the value decoded from JSON, if the key exists
     * @throws IllegalArgumentException if the stored value is not JSON of that type
     */
    <T> Optional<T> getJson(String key, Class<T> type);

    /** @return the value with its metadata and expiration, if the key exists */
    Optional<Entry> getWithMetadata(String key);

    /**
     * Bulk read of 1–100 keys in one operation.
     *
     * @return each key mapped to its text value, or to empty if missing, in the order given
     */
    Map<String, Optional<String>> get(List<String> keys);

    /** Stores text (UTF-8) with no expiration or metadata. */
    void put(String key, String value);

    /** Stores bytes with no expiration or metadata. */
    void put(String key, byte[] value);

    /** Stores text with options. */
    void put(String key, String value, PutOptions options);

    /** Stores bytes with options. */
    void put(String key, byte[] value, PutOptions options);

    /** Deletes the key; deleting a missing key succeeds. */
    void delete(String key);

    /** @return the first page of keys (up to 1000), sorted by their UTF-8 bytes */
    ListResult list();

    /** @return one page of keys matching the options */
    ListResult list(ListOptions options);

    /**
     * A value with its metadata.
     *
     * @param value the raw value
     * @param metadata the metadata (decoded JSON: map, list, string, number or boolean), if any
     * @param expiration when the key expires, if it does
     */
    record Entry(byte[] value, Optional<Object> metadata, Optional<Instant> expiration) {

        /** @return the value as UTF-8 text */
        public String text() {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** @param cacheTtl how long edge caches may keep the value (at least 30 s) */
    record GetOptions(Optional<Duration> cacheTtl) {
        public static GetOptions cacheTtl(Duration ttl) {
            return new GetOptions(Optional.of(ttl));
        }
    }

    /**
     * @param expiration absolute expiry (at least 60 s from now)
     * @param expirationTtl expiry relative to now (at least 60 s)
     * @param metadata JSON-able metadata, up to 1024 bytes serialized
     */
    record PutOptions(Optional<Instant> expiration, Optional<Duration> expirationTtl, Optional<Object> metadata) {
        public static final PutOptions NONE = new PutOptions(Optional.empty(), Optional.empty(), Optional.empty());

        public static PutOptions expirationTtl(Duration ttl) {
            return NONE.withExpirationTtl(ttl);
        }

        public static PutOptions expiration(Instant at) {
            return new PutOptions(Optional.of(at), Optional.empty(), Optional.empty());
        }

        public static PutOptions metadata(Object metadata) {
            return NONE.withMetadata(metadata);
        }

        public PutOptions withExpirationTtl(Duration ttl) {
            return new PutOptions(expiration, Optional.of(ttl), metadata);
        }

        public PutOptions withMetadata(Object value) {
            return new PutOptions(expiration, expirationTtl, Optional.of(value));
        }
    }

    /**
     * @param prefix only keys starting with this
     * @param limit page size, 1–1000 (default 1000)
     * @param cursor the cursor of the previous page
     */
    record ListOptions(Optional<String> prefix, int limit, Optional<String> cursor) {
        public static final ListOptions ALL = new ListOptions(Optional.empty(), 1000, Optional.empty());

        public static ListOptions prefix(String prefix) {
            return ALL.withPrefix(prefix);
        }

        public ListOptions withPrefix(String value) {
            return new ListOptions(Optional.of(value), limit, cursor);
        }

        public ListOptions withLimit(int value) {
            return new ListOptions(prefix, value, cursor);
        }

        public ListOptions withCursor(String value) {
            return new ListOptions(prefix, limit, Optional.of(value));
        }
    }

    /**
     * One page of a listing.
     *
     * @param keys the keys of this page
     * @param listComplete whether this is the last page (page on this, not on an empty {@code keys})
     * @param cursor the cursor for the next page, when not complete
     */
    record ListResult(List<Key> keys, boolean listComplete, Optional<String> cursor) {
    }

    /** A listed key with its absolute expiration and metadata, when set. */
    record Key(String name, Optional<Instant> expiration, Optional<Object> metadata) {
    }
}
