package dev.kiln.bindings.d1;

import java.util.List;

/** A backend's D1 databases (the store SPI of this kind). Thread-safe. */
public interface D1Stores {

    /** @return the store of a database, created if new (the name is the binding's {@code database_name}) */
    D1Store database(String name);

    /** @return the databases that exist, sorted */
    List<String> databases();

    /** Deletes a database and its data; returns false if it did not exist. */
    boolean delete(String name);

    /** @return where a database's data lives, for people (a file, ...) */
    String location(String name);
}
