package dev.kiln.api;

import java.util.Optional;

/**
 * A client for one Durable Object. Calls through one stub arrive in call order (E-order). Each call blocks the
 * calling (virtual) thread until the object's response is released, that is after the object's storage writes
 * for that event are durable. Thread-safe.
 */
public interface DurableObjectStub {

    /** @return the object's id */
    DurableObjectId id();

    /** @return the name, when the id came from a name */
    Optional<String> name();

    /**
     * Sends a request to the object's {@link DurableObject#fetch(Request)}.
     *
     * @return its response, released once the event's writes are durable
     * @throws DurableObjectException if the handler (or the object's constructor) threw: status 500 with the
     *     original exception as the cause, or the {@link KilnException} it threw, unchanged
     */
    Response fetch(Request request);

    /**
     * A typed RPC client: calling a method of {@code type} runs the object's method of the same name and
     * arity as one event. Arguments and results travel as JSON (records, collections, strings, numbers,
     * booleans), so the same code works when the object runs in another worker or on another node.
     *
     * <p>An exception thrown by the object's method is rethrown here with its message: as the same type when
     * the caller can load it and it has a {@code (String)} constructor, else as {@link DurableObjectException}
     * (status 500) naming the original type.
     *
     * @param type a public interface the object's class implements
     * @throws IllegalArgumentException if {@code type} is not an interface
     */
    <T> T rpc(Class<T> type);
}
