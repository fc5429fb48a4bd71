/**
 * R2 over any {@link dev.kiln.storage.ObjectStore}: {@link dev.kiln.storage.r2.R2Buckets} (bucket rules) and
 * {@link dev.kiln.storage.r2.R2BucketHandle} (object semantics, bindings.md §4). The Workers binding, the
 * S3-compatible API and the CLI share it, so every backend behaves the same through each of them.
 */
package dev.kiln.storage.r2;
