/**
 * The storage SPI: what a backend implements so bindings can run on it. Bindings (KV, ...) implement their
 * Workers semantics and limits once, over these interfaces; a backend only stores and retrieves. The embedded
 * default is {@code kiln-storage-sqlite}; a cluster backend (PostgreSQL, S3, ...) implements the same
 * interfaces and runs the same conformance kit ({@code kiln-tck}).
 *
 * <p>Null arguments throw {@link NullPointerException}; absent values are {@link java.util.Optional}.
 * Implementations are thread-safe. Failures are {@link dev.kiln.storage.StorageException}s.
 */
package dev.kiln.storage;
