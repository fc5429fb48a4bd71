package bench;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectState;
import dev.kiln.api.DurableObjectStorage;
import dev.kiln.api.Env;
import dev.kiln.api.Request;
import dev.kiln.api.Response;

/** storage.get then storage.put, and the new value as the reply: the same work as workerd/do.js. */
public final class Counter implements DurableObject {

    private final DurableObjectStorage storage;

    public Counter(DurableObjectState state, Env env) {
        this.storage = state.storage();
    }

    @Override
    public Response fetch(Request request) {
        long value = storage.get("n", Long.class).orElse(0L) + 1;
        storage.put("n", value);
        return Response.text(Long.toString(value));
    }
}
