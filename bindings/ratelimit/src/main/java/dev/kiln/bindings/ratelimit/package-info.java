/**
 * The Workers Rate Limiting binding (bindings.md §7): {@code [[ratelimits]]} and the older
 * {@code [[unsafe.bindings]] type = "ratelimit"}, read by {@link dev.kiln.bindings.ratelimit.RateLimitKind}.
 *
 * <p>Counters live in the process's memory, one set per {@code namespace_id} (and period), shared by every worker
 * that binds it. There is no store SPI and no backend: Cloudflare documents its own counters as per location and
 * eventually consistent, so a limit is a brake, not a quota kept across machines; one Kiln process is one
 * location. Counting is exact within the process (a key's window admits exactly {@code limit} calls, whatever
 * the concurrency), and memory is bounded: a key is dropped when its window ends, and at most
 * {@code kiln.ratelimit.maxKeys} keys (default 1,000,000) are tracked per namespace; past that the least valuable
 * keys are dropped early, which only ever lets calls through, as Cloudflare's permissive counters do.
 *
 * <p>The conformance kit is {@code RateLimiterContract} in this module's test jar.
 */
package dev.kiln.bindings.ratelimit;
