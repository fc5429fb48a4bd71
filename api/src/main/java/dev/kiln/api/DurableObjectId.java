package dev.kiln.api;

import java.util.Optional;

/**
 * The id of one Durable Object in a namespace: 64 hex digits ({@link #toString()}), stable forever. Ids are
 * values: two ids are equal when their text is.
 */
public interface DurableObjectId {

    /** @return the id as 64 lowercase hex digits, which {@link DurableObjectNamespace#idFromString} accepts */
    @Override
    String toString();

    /** @return the name it was derived from, for ids made by {@link DurableObjectNamespace#idFromName} */
    Optional<String> name();

    /** @return the jurisdiction the id is pinned to ({@code eu}, {@code fedramp}, {@code fedramp-high}, {@code us}) */
    Optional<String> jurisdiction();
}
