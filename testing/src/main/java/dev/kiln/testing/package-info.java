/**
 * A JUnit 5 extension that runs a worker for each test: {@link dev.kiln.testing.KilnExtension}.
 * Null arguments throw {@link NullPointerException}.
 */
package dev.kiln.testing;
