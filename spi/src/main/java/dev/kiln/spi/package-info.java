/**
 * The binding SPI: what a binding kind ({@link dev.kiln.spi.BindingKind}) and a storage backend
 * ({@link dev.kiln.spi.StoreProvider}) implement, and the runtime services they may use
 * ({@link dev.kiln.spi.StorageCalls}, {@link dev.kiln.spi.OutputGate}, {@link dev.kiln.spi.KilnThreads},
 * {@link dev.kiln.spi.JacksonJsonCodec}). Binding modules depend on this, never on the runtime's internals.
 * See {@code docs/architecture.md}.
 */
package dev.kiln.spi;
