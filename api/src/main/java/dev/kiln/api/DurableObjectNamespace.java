package dev.kiln.api;

/**
 * A Durable Object namespace binding ({@code [[durable_objects.bindings]]}), read with
 * {@link Env#durableObject(String)} (bindings.md §2.1). Thread-safe.
 */
public interface DurableObjectNamespace {

    /** @return the id for this name: the same name always gives the same id in this namespace and jurisdiction */
    DurableObjectId idFromName(String name);

    /** @return a new random id; store its {@code toString()} to reach the object again */
    DurableObjectId newUniqueId();

    /**
     * @return the id that {@code id.toString()} gave
     * @throws DurableObjectException (400) if the text is not 64 hex digits or is an id of another namespace
     */
    DurableObjectId idFromString(String id);

    /** @return a stub for the object; no call is made, the object starts on the first call */
    DurableObjectStub get(DurableObjectId id);

    /** @return {@code get(idFromName(name))} */
    default DurableObjectStub getByName(String name) {
        return get(idFromName(name));
    }

    /**
     * @param jurisdiction {@code eu}, {@code fedramp}, {@code fedramp-high} or {@code us}
     * @return the sub-namespace pinned to it: the same name gives a different id there
     * @throws IllegalArgumentException for another jurisdiction
     */
    DurableObjectNamespace jurisdiction(String jurisdiction);
}
