/**
 * Kiln's embedded storage: one SQLite file per resource under the state directory, e.g.
 * {@code kv/<namespace-id>.sqlite}. Null arguments throw {@link NullPointerException}.
 */
package dev.kiln.storage.sqlite;
