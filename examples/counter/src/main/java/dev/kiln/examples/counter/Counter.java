package dev.kiln.examples.counter;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import dev.kiln.api.Request;
import dev.kiln.api.Response;

/**
 * One counter. Kiln runs one event at a time per object, so read-increment-write needs no lock, and the
 * response leaves only after the new value is durable.
 */
public final class Counter implements DurableObject {

    private final DurableObjectStorage storage;

    public Counter(DurableObjectState state, Env env) {
        this.storage = state.storage();
    }

    @Override
    public Response fetch(Request request) {
        long value = storage.get("value", Long.class).orElse(0L);
        if (request.method().equals("POST") && request.path().endsWith("/increment")) {
            storage.put("value", ++value);
        } else if (!request.method().equals("GET")) {
            return Response.text(405, "use GET, or POST .../increment\n");
        }
        return Response.text(Long.toString(value));
    }
}
