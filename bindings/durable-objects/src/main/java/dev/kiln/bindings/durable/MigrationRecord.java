package dev.kiln.bindings.durable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the migrations applied so far left for one worker: the tags applied, in order, and its live Durable
 * Object classes. Stored as JSON in the state directory.
 *
 * @param tags migration tags applied, in order
 * @param classes class name to its record
 */
record MigrationRecord(List<String> tags, Map<String, ClassRecord> classes) {

    /**
     * @param secret the namespace's id key (kept across renames and transfers, so ids stay valid)
     * @param sqlite whether the class is SQLite-backed ({@code new_sqlite_classes}) rather than KV-backed
     */
    record ClassRecord(String secret, boolean sqlite) {
    }

    static MigrationRecord empty() {
        return new MigrationRecord(new ArrayList<>(), new LinkedHashMap<>());
    }

    MigrationRecord copy() {
        return new MigrationRecord(new ArrayList<>(tags), new LinkedHashMap<>(classes));
    }
}
