package dev.kiln.config;

import java.util.List;
import java.util.Set;

/** The key sets of config.md §2–§4. */
final class Keys {

    private Keys() {
    }

    /** config.md §2: allowed only at the top level. */
    static final Set<String> TOP_LEVEL_ONLY = Set.of("keep_vars", "send_metrics", "site", "dev", "alias",
            "wasm_modules", "text_blobs", "data_blobs", "legacy_env", "$schema", "env");

    /** config.md §3: inheritable by environments. */
    static final Set<String> INHERITABLE = Set.of("name", "main", "compatibility_date", "compatibility_flags",
            "workers_dev", "preview_urls", "route", "routes", "triggers", "limits", "migrations", "exports", "assets",
            "observability", "rules", "build", "no_bundle", "minify", "keep_names", "find_additional_modules",
            "base_dir", "preserve_file_names", "tsconfig", "jsx_factory", "jsx_fragment", "account_id", "logpush",
            "placement", "upload_source_maps", "compliance_region", "first_party_worker", "previews", "usage_model",
            "node_compat");

    /** config.md §4: bindings and vars, never inherited. */
    static final Set<String> NON_INHERITABLE = Set.of("vars", "define", "secrets", "kv_namespaces", "durable_objects",
            "d1_databases", "r2_buckets", "queues", "services", "ratelimits", "unsafe", "ai", "send_email",
            "analytics_engine_datasets", "workflows", "version_metadata", "browser", "images", "hyperdrive", "vectorize",
            "dispatch_namespaces", "mtls_certificates", "tail_consumers", "secrets_store_secrets", "worker_loaders",
            "pipelines", "containers");

    /** Accepted and ignored, with a warning: Cloudflare-only settings and JS bundling. */
    static final Set<String> IGNORED = Set.of("account_id", "logpush", "placement", "upload_source_maps",
            "compliance_region", "first_party_worker", "previews", "preview_urls", "rules", "build", "no_bundle", "minify",
            "keep_names", "find_additional_modules", "base_dir", "preserve_file_names", "tsconfig", "jsx_factory",
            "jsx_fragment", "keep_vars", "send_metrics", "alias", "define", "containers", "exports", "observability");

    /** Legacy fields: named in a warning and ignored. */
    static final Set<String> LEGACY = Set.of("site", "wasm_modules", "text_blobs", "data_blobs", "usage_model",
            "node_compat", "legacy_env", "type", "webpack_config", "zone_id", "kv-namespaces", "miniflare");

    /**
     * config.md §4: the keys that declare bindings. A binding kind's module reads its keys; the keys no module
     * reads are reported as not supported (declaring one warns, reading it from env fails clearly).
     */
    static final List<String> BINDING_KEYS = List.of("kv_namespaces", "durable_objects", "d1_databases", "r2_buckets", "queues",
            "services", "ratelimits", "unsafe", "ai", "assets", "send_email", "analytics_engine_datasets", "workflows",
            "version_metadata", "browser", "images", "hyperdrive", "vectorize", "dispatch_namespaces", "mtls_certificates",
            "tail_consumers", "secrets_store_secrets", "worker_loaders", "pipelines");
}
