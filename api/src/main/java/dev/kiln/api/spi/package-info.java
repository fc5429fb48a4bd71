/**
 * Service interfaces that Kiln's runtime implements for the API (found with {@link java.util.ServiceLoader}).
 * Workers use the API types, never these. The null policy of {@link dev.kiln.api} applies.
 */
package dev.kiln.api.spi;
