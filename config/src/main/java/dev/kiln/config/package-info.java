/**
 * Reads wrangler configuration ({@code wrangler.json}, {@code wrangler.jsonc}, {@code wrangler.toml}) into
 * typed records, resolving environments and local secrets. Entry point: {@link dev.kiln.config.ConfigLoader}.
 *
 * <p>Null policy: null arguments throw {@link NullPointerException}; absent values are {@link java.util.Optional}.
 * All types are immutable and thread-safe.
 */
package dev.kiln.config;
