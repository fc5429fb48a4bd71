/**
 * The SQLite plumbing the embedded stores of every binding kind share: one database per resource with a
 * group-committing writer and pooled readers ({@link dev.kiln.storage.sqlite.SqliteDatabase}), and file naming
 * under the state directory. Null arguments throw {@link NullPointerException}.
 */
package dev.kiln.storage.sqlite;
