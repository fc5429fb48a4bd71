package dev.kiln.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of a resolved configuration, printed by {@code kiln config print --json}. Field names are
 * documented in {@code docs/config.md}. Secrets appear by name only.
 */
public final class ConfigPrinter {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ConfigPrinter() {
    }

    /** @return the configuration as pretty-printed JSON */
    public static String toJson(WorkerConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", c.file().toString());
        out.put("name", c.name());
        out.put("main", c.main());
        out.put("compatibility_date", c.compatibilityDate());
        out.put("compatibility_flags", c.compatibilityFlags());
        out.put("env", c.env().orElse(null));
        out.put("envs", c.envNames());
        out.put("vars", c.vars());
        out.put("secrets", c.secrets().keySet().stream().sorted().toList());
        out.put("bindings", c.bindings().stream().map(b -> ordered("type", b.type(), "binding", b.name(), "target", b.target())).toList());
        out.put("queue_consumers", c.queueConsumers().stream().map(q -> {
            Map<String, Object> m = ordered("queue", q.queue());
            q.maxBatchSize().ifPresent(v -> m.put("max_batch_size", v));
            q.maxBatchTimeout().ifPresent(v -> m.put("max_batch_timeout", v));
            q.maxRetries().ifPresent(v -> m.put("max_retries", v));
            q.deadLetterQueue().ifPresent(v -> m.put("dead_letter_queue", v));
            q.maxConcurrency().ifPresent(v -> m.put("max_concurrency", v));
            q.retryDelay().ifPresent(v -> m.put("retry_delay", v));
            return m;
        }).toList());
        out.put("crons", c.crons());
        out.put("migrations", c.migrations().stream().map(m -> ordered(
                "tag", m.tag(), "new_classes", m.newClasses(), "new_sqlite_classes", m.newSqliteClasses(),
                "renamed_classes", m.renamedClasses().stream().map(r -> ordered("from", r.from(), "to", r.to())).toList(),
                "deleted_classes", m.deletedClasses(),
                "transferred_classes", m.transferredClasses().stream()
                        .map(t -> ordered("from", t.from(), "from_script", t.fromScript(), "to", t.to())).toList())).toList());
        out.put("routes", c.routes().stream().map(r -> {
            Map<String, Object> m = ordered("pattern", r.pattern());
            r.zoneName().ifPresent(v -> m.put("zone_name", v));
            r.zoneId().ifPresent(v -> m.put("zone_id", v));
            if (r.customDomain()) {
                m.put("custom_domain", true);
            }
            return m;
        }).toList());
        out.put("workers_dev", c.workersDev());
        out.put("limits", ordered("cpu_ms", c.limits().cpuMs(), "subrequests", c.limits().subrequests()));
        out.put("diagnostics", c.diagnostics().stream().map(d -> ordered("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT),
                "file", d.file().toString(), "line", d.line(), "column", d.column(), "message", d.message())).toList());
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<String> fields() {
        return List.of("file", "name", "main", "compatibility_date", "compatibility_flags", "env", "envs", "vars", "secrets",
                "bindings", "queue_consumers", "crons", "migrations", "routes", "workers_dev", "limits", "diagnostics");
    }
}
