/**
 * Conformance kits: abstract JUnit contracts for each binding. Every storage backend subclasses them, so
 * each backend is held to the same spec (shared/spec/bindings.md), test by test.
 */
package dev.kiln.tck;
