package dev.kiln.bindings.kv;

import dev.kiln.spi.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.kiln.api.KvException;
import dev.kiln.api.KvNamespace;
import dev.kiln.api.KvNamespace.ListOptions;
import dev.kiln.api.KvNamespace.PutOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Workers KV contract (bindings.md §1). A backend's test extends this and supplies a fresh, empty
 * namespace reading time from the given clock.
 */
public abstract class KvContract {

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    protected KvNamespace kv;

    /** @return a new, empty namespace whose notion of "now" is {@code clock} */
    protected abstract KvNamespace newNamespace(MutableClock clock);

    @BeforeEach
    void createNamespace() {
        kv = newNamespace(clock);
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    private static void assertStatus(Runnable call, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOf(KvException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((KvException) e).status()).isEqualTo(status));
    }

    // bindings.md §1 get: missing key → null
    @Test
    void aMissingKeyReadsAsEmpty() {
        assertThat(kv.get("nope")).isEmpty();
        assertThat(kv.getBytes("nope")).isEmpty();
        assertThat(kv.getWithMetadata("nope")).isEmpty();
    }

    @Test
    void aValueReadsBackAsTextBytesAndJson() {
        kv.put("greeting", "héllo");
        kv.put("doc", "{\"n\":1}");
        kv.put("raw", new byte[] {0, 1, 2, (byte) 255});
        assertThat(kv.get("greeting")).hasValue("héllo");
        assertThat(kv.getBytes("greeting")).hasValueSatisfying(b -> assertThat(b).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8)));
        assertThat(kv.getJson("doc", Map.class)).hasValue(Map.of("n", 1));
        assertThat(kv.getBytes("raw")).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 1, 2, 255));
    }

    // bindings.md §1: last write wins
    @Test
    void aSecondPutReplacesTheValueAndMetadata() {
        kv.put("k", "one", PutOptions.metadata(Map.of("v", 1)));
        kv.put("k", "two");
        assertThat(kv.getWithMetadata("k")).hasValueSatisfying(e -> {
            assertThat(e.text()).isEqualTo("two");
            assertThat(e.metadata()).isEmpty();
        });
    }

    // bindings.md §1 delete: missing key is still success
    @Test
    void deleteRemovesAndDeletingAMissingKeySucceeds() {
        kv.put("k", "v");
        kv.delete("k");
        kv.delete("k");
        assertThat(kv.get("k")).isEmpty();
    }

    @Test
    void getWithMetadataReturnsMetadataAndExpiration() {
        kv.put("k", "v", PutOptions.expirationTtl(Duration.ofSeconds(120)).withMetadata(Map.of("owner", "ada", "n", 2)));
        assertThat(kv.getWithMetadata("k")).hasValueSatisfying(e -> {
            assertThat(e.text()).isEqualTo("v");
            assertThat(e.metadata()).hasValue(Map.of("owner", "ada", "n", 2));
            assertThat(e.expiration()).hasValue(clock.instant().plusSeconds(120));
        });
    }

    // bindings.md §1 keys: not empty, not "." or ".." → 400; > 512 UTF-8 bytes → 414
    @Test
    void invalidKeysAreRejectedWithCloudflaresStatus() {
        assertStatus(() -> kv.put("", "v"), 400, "must not be empty");
        assertStatus(() -> kv.get("."), 400, "Illegal key name");
        assertStatus(() -> kv.delete(".."), 400, "Illegal key name");
        assertStatus(() -> kv.put(repeat("é", 257), "v"), 414, "514 bytes > 512");
        kv.put(repeat("é", 256), "fits");
        assertThat(kv.get(repeat("é", 256))).hasValue("fits");
    }

    // bindings.md §1: value ≤ 25 MiB, else 413
    @Test
    void valuesOver25MiBAreRejected() {
        assertStatus(() -> kv.put("big", new byte[25 * 1024 * 1024 + 1]), 413, "26214401 bytes > 26214400");
        assertThat(kv.get("big")).isEmpty();
    }

    // bindings.md §1: metadata ≤ 1024 bytes serialized, else 413
    @Test
    void metadataOver1024BytesIsRejected() {
        String fits = repeat("x", 1024 - 2); // a JSON string: two quotes
        kv.put("ok", "v", PutOptions.metadata(fits));
        assertStatus(() -> kv.put("no", "v", PutOptions.metadata(fits + "x")), 413, "1025 bytes serialized > 1024");
        assertThat(kv.get("no")).isEmpty();
    }

    // bindings.md §1: expiration and expirationTtl must be ≥ now + 60 → else 400
    @Test
    void expirationsUnderSixtySecondsAreRejected() {
        assertStatus(() -> kv.put("k", "v", PutOptions.expirationTtl(Duration.ofSeconds(59))), 400, "at least 60");
        assertStatus(() -> kv.put("k", "v", PutOptions.expiration(clock.instant().plusSeconds(30))), 400, "at least 60");
        kv.put("k", "v", PutOptions.expirationTtl(Duration.ofSeconds(60)));
        assertThat(kv.get("k")).hasValue("v");
    }

    // bindings.md §1: expired keys act as missing — for get, bulk get and list
    @Test
    void expiredKeysAreNeverReturned() {
        kv.put("short", "v", PutOptions.expirationTtl(Duration.ofSeconds(60)));
        kv.put("long", "v", PutOptions.expirationTtl(Duration.ofSeconds(600)));
        clock.advance(Duration.ofSeconds(60));
        assertThat(kv.get("short")).isEmpty();
        assertThat(kv.get(List.of("short", "long"))).containsEntry("short", Optional.empty()).containsEntry("long", Optional.of("v"));
        assertThat(kv.list().keys()).extracting(KvNamespace.Key::name).containsExactly("long");
    }

    // bindings.md §1 list: sorted by UTF-8 bytes
    @Test
    void listIsSortedByUtf8Bytes() {
        for (String key : List.of("é", "z", "a", "B", "\uD83D\uDE00", "\uFFFD")) {
            kv.put(key, "v");
        }
        assertThat(kv.list().keys()).extracting(KvNamespace.Key::name)
                .containsExactly("B", "a", "z", "é", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void listFiltersByPrefixAndShowsExpirationAndMetadataOnlyWhenSet() {
        kv.put("user:1", "a", PutOptions.metadata(Map.of("role", "admin")));
        kv.put("user:2", "b", PutOptions.expirationTtl(Duration.ofSeconds(100)));
        kv.put("other", "c");
        KvNamespace.ListResult result = kv.list(ListOptions.prefix("user:"));
        assertThat(result.listComplete()).isTrue();
        assertThat(result.cursor()).isEmpty();
        assertThat(result.keys()).containsExactly(
                new KvNamespace.Key("user:1", Optional.empty(), Optional.of(Map.of("role", "admin"))),
                new KvNamespace.Key("user:2", Optional.of(clock.instant().plusSeconds(100)), Optional.empty()));
    }

    // bindings.md §1 list: page on list_complete with the cursor, repeating the prefix
    @Test
    void pagingWithTheCursorVisitsEveryKeyOnce() {
        for (int i = 0; i < 25; i++) {
            kv.put(String.format("p/%03d", i), "v");
        }
        kv.put("q", "not in prefix");
        List<String> seen = new ArrayList<>();
        ListOptions options = ListOptions.prefix("p/").withLimit(10);
        KvNamespace.ListResult page;
        int pages = 0;
        do {
            page = kv.list(options);
            page.keys().forEach(k -> seen.add(k.name()));
            pages++;
            if (!page.listComplete()) {
                options = options.withCursor(page.cursor().orElseThrow());
            }
        } while (!page.listComplete());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().allMatch(k -> k.startsWith("p/"));
    }

    // bindings.md §1: limit 1..1000 else 400; prefix ≤ 512 bytes; a bad cursor is an error
    @Test
    void listArgumentsAreValidated() {
        assertStatus(() -> kv.list(ListOptions.ALL.withLimit(0)), 400, "1 to 1000, got 0");
        assertStatus(() -> kv.list(ListOptions.ALL.withLimit(1001)), 400, "1 to 1000, got 1001");
        assertStatus(() -> kv.list(ListOptions.prefix(repeat("p", 513))), 414, "513 bytes > 512");
        assertStatus(() -> kv.list(ListOptions.ALL.withCursor("%%%not-a-cursor")), 400, "invalid list cursor");
    }

    // bindings.md §1 bulk get: 1–100 keys, result keyed by key, missing → null
    @Test
    void bulkGetReadsUpToAHundredKeys() {
        kv.put("a", "1");
        kv.put("c", "3");
        assertThat(kv.get(List.of("a", "b", "c"))).containsExactly(
                Map.entry("a", Optional.of("1")), Map.entry("b", Optional.empty()), Map.entry("c", Optional.of("3")));
        assertStatus(() -> kv.get(List.of()), 400, "1 to 100 keys, got 0");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("k" + i);
        }
        assertStatus(() -> kv.get(many), 400, "got 101");
    }

    // bindings.md §1: cacheTtl is validated (≥ 30) and accepted
    @Test
    void cacheTtlUnderThirtySecondsIsRejected() {
        kv.put("k", "v");
        assertThat(kv.get("k", KvNamespace.GetOptions.cacheTtl(Duration.ofSeconds(60)))).hasValue("v");
        assertStatus(() -> kv.get("k", KvNamespace.GetOptions.cacheTtl(Duration.ofSeconds(10))), 400, "at least 30");
    }
}
