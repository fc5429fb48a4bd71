package dev.kiln.spi;

/**
 * Opens one kind of store (a binding kind's store SPI, such as KV namespaces) on one backend. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.kiln.spi.StoreProvider}); a backend is the set
 * of providers that share its {@link #backend()} name.
 *
 * @param <S> the store interface
 */
public interface StoreProvider<S> {

    /** @return the backend this provider belongs to, e.g. {@link BackendSettings#EMBEDDED} */
    String backend();

    /** @return the store interface it provides */
    Class<S> type();

    /** @return the store; if it is {@link AutoCloseable}, the backend closes it when it closes */
    S open(BackendSettings settings);
}
