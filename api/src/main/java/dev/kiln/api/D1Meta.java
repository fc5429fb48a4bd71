package dev.kiln.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code meta} of a D1 result, with the fields bindings.md §3 lists.
 *
 * @param duration the query's time in milliseconds
 * @param changes rows inserted, updated or deleted (triggers included)
 * @param lastRowId the rowid of the last inserted row on the connection that ran the statement
 * @param changedDb whether the database was changed
 * @param sizeAfter the database's size in bytes after the query
 * @param rowsRead rows the query returned, plus rows it changed (Kiln does not count rows scanned)
 * @param rowsWritten rows written, as {@code changes}
 * @param servedBy which store answered
 * @param servedByRegion the region that answered ({@code "local"} for the embedded store)
 * @param servedByPrimary whether the primary answered (always, with one copy)
 * @param sqlDurationMs time spent inside SQLite, in milliseconds
 * @param totalAttempts how many times the query was tried
 */
public record D1Meta(double duration, long changes, long lastRowId, boolean changedDb, long sizeAfter, long rowsRead,
                     long rowsWritten, String servedBy, String servedByRegion, boolean servedByPrimary, double sqlDurationMs,
                     int totalAttempts) {

    /** @return the meta as Cloudflare names its fields ({@code last_row_id}, {@code timings.sql_duration_ms}, ...) */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("served_by", servedBy);
        map.put("served_by_region", servedByRegion);
        map.put("served_by_primary", servedByPrimary);
        map.put("timings", Map.of("sql_duration_ms", sqlDurationMs));
        map.put("duration", duration);
        map.put("changes", changes);
        map.put("last_row_id", lastRowId);
        map.put("changed_db", changedDb);
        map.put("size_after", sizeAfter);
        map.put("rows_read", rowsRead);
        map.put("rows_written", rowsWritten);
        map.put("total_attempts", totalAttempts);
        return map;
    }
}
