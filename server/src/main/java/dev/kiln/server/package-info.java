/**
 * Kiln's HTTP server: serves the runtime's workers on one listener and the admin API on another.
 * Entry point: {@link dev.kiln.server.KilnServer#start}. Null arguments throw {@link NullPointerException}.
 */
package dev.kiln.server;
