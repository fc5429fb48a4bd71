package dev.kiln.bindings.kv;

import dev.kiln.api.KvNamespace;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import dev.kiln.spi.MutableClock;
import java.nio.file.Path;
import java.util.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KV contract through the in-process read cache, as workers see KV at run time. */
class CachedKvContractTest extends KvContract {

    @TempDir
    Path state;
    private Backend storage;
    private String namespace;

    @Override
    protected KvNamespace newNamespace(MutableClock clock) {
        storage = Backend.open(BackendSettings.embedded(state));
        namespace = "ns-" + UUID.randomUUID();
        return new KvBinding(new KvReadCache(storage.store(KvStores.class).namespace(namespace)), clock);
    }

    // A write from another process (kiln kv key put while kiln dev runs) is seen once the cached read is stale.
    @Test
    void aWriteFromAnotherProcessIsSeenWithinTheCacheFreshness() {
        kv.put("shared", "v1");
        assertThat(kv.get("shared")).hasValue("v1");
        try (Backend other = Backend.open(BackendSettings.embedded(state))) {
            new KvBinding(other.store(KvStores.class).namespace(namespace)).put("shared", "v2");
        }
        await().atMost(KvReadCache.FRESHNESS.multipliedBy(3)).until(() -> kv.get("shared").equals(java.util.Optional.of("v2")));
    }

    @AfterEach
    void close() {
        storage.close();
    }
}
