/**
 * R2 over any {@link dev.kiln.bindings.r2.ObjectStore}: {@link dev.kiln.bindings.r2.R2Buckets} (bucket rules) and
 * {@link dev.kiln.bindings.r2.R2BucketHandle} (object semantics, bindings.md §4). The Workers binding, the
 * S3-compatible API and the CLI share it, so every backend behaves the same through each of them.
 */
package dev.kiln.bindings.r2;
