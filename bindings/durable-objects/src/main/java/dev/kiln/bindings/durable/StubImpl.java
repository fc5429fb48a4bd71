package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectException;
import dev.kiln.api.DurableObjectId;
import dev.kiln.api.DurableObjectStub;
import dev.kiln.api.KilnException;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.spi.OutputGate;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.Optional;

/** A stub: each call is one event of the object, answered after the event's writes are durable. */
final class StubImpl implements DurableObjectStub {

    private final DurableObjects registry;
    private final ObjectKey key;
    private final ObjectIdImpl id;
    /** bindings.md §2.1 E-order: after an infrastructure failure the stub is broken; callers make a new one. */
    private volatile DurableObjectException broken;

    StubImpl(DurableObjects registry, ObjectKey key, ObjectIdImpl id) {
        this.registry = registry;
        this.key = key;
        this.id = id;
    }

    @Override
    public DurableObjectId id() {
        return id;
    }

    @Override
    public Optional<String> name() {
        return id.name();
    }

    /** Runs a call, refusing it on a broken stub and breaking the stub on an infrastructure failure. */
    <T> T call(Event.Work<T> work) {
        DurableObjectException failure = broken;
        if (failure != null) {
            throw new DurableObjectException(failure.status(), "this Durable Object stub is broken by an earlier failure ("
                    + failure.getMessage() + "); get a new stub from the namespace", failure);
        }
        OutputGate.beforeOutput();
        try {
            return registry.call(key, id.name(), work);
        } catch (ObjectUnavailableException | StorageFailureException e) {
            broken = e;
            throw e;
        }
    }

    @Override
    public Response fetch(Request request) {
        Objects.requireNonNull(request, "request");
        try {
            return call(live -> {
                Response response = live.instance().fetch(request);
                if (response == null) {
                    throw new IllegalStateException(key.className() + ".fetch returned null");
                }
                return response;
            });
        } catch (KilnException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            Throwable cause = e instanceof DurableObjects.EventFailure f ? f.getCause() : e;
            throw new DurableObjectException(500, "Durable Object " + key.className() + " threw " + cause, cause);
        }
    }

    @Override
    public <T> T rpc(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("rpc needs an interface the object's class implements, got class " + type.getName());
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new RpcClient(this, key, type)));
    }

    @Override
    public String toString() {
        return "DurableObjectStub[" + key + "]";
    }
}
