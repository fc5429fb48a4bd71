package dev.kiln.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One table of a configuration file, as a {@link BindingReader} reads it. Every read names the key path in its
 * error; a value of the wrong type is reported (with file, line and column) and read as absent.
 */
public interface ConfigTable {

    /** @return the key path of this table, e.g. {@code kv_namespaces[0]} ({@code ""} at the top level) */
    String path();

    boolean has(String key);

    /** @return the keys present, in file order */
    Set<String> keys();

    Optional<String> string(String key);

    /** @return the string, or {@code ""} after reporting that it is required */
    String requiredString(String key);

    Optional<Long> integer(String key);

    Optional<Boolean> bool(String key);

    Optional<List<String>> strings(String key);

    Optional<ConfigTable> table(String key);

    /** @return the entries of an array of tables */
    List<ConfigTable> tables(String key);

    /** @return the value as plain Java (String, Long, Double, Boolean, List or Map), whatever its type */
    Optional<Object> value(String key);

    /** Warns about every key not in {@code known}, as wrangler does. */
    void warnUnexpected(Set<String> known);

    /** Reports an error at the key (or at the table if the key is absent). */
    void error(String key, String message);

    /** Reports a warning at the key (or at the table if the key is absent). */
    void warn(String key, String message);
}
