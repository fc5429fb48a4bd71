package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObject;
import dev.kiln.api.DurableObjectException;
import dev.kiln.api.KilnException;
import dev.kiln.spi.JacksonJsonCodec;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed RPC through a stub. The caller's arguments are encoded as a JSON array; the object's event decodes them
 * into the parameter types of its own method of the same name and arity, and encodes the result, which the
 * caller decodes into its interface's return type. Nothing but JSON crosses, so caller and object may use
 * different class loaders (another worker) or, later, another node.
 */
final class RpcClient implements InvocationHandler {

    private static final JsonMapper JSON = JacksonJsonCodec.mapper();

    private final StubImpl stub;
    private final ObjectKey key;
    private final Class<?> type;

    RpcClient(StubImpl stub, ObjectKey key, Class<?> type) {
        this.stub = stub;
        this.key = key;
        this.type = type;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "DurableObjectStub.rpc(" + type.getSimpleName() + ")[" + key + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(args == null ? List.of() : Arrays.asList(args));
        } catch (JacksonException e) {
            throw new DurableObjectException(400, "RPC " + type.getSimpleName() + "." + method.getName()
                    + ": the arguments cannot be sent as JSON: " + e.getOriginalMessage(), e);
        }
        String name = method.getName();
        int arity = method.getParameterCount();
        byte[] result;
        try {
            result = stub.call(live -> serve(live.instance(), name, arity, payload));
        } catch (RuntimeException | Error e) {
            throw asCallerException(method, e instanceof DurableObjects.EventFailure f ? f.getCause() : e);
        }
        if (method.getReturnType() == void.class || result == null) {
            return null;
        }
        try {
            return JSON.readValue(result, JSON.constructType(method.getGenericReturnType()));
        } catch (JacksonException e) {
            throw new DurableObjectException(500, "RPC " + type.getSimpleName() + "." + name + ": the result does not fit "
                    + method.getGenericReturnType().getTypeName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Runs inside the object's event: finds the method, decodes the arguments, encodes the result. */
    static byte[] serve(DurableObject instance, String name, int arity, byte[] payload) throws Exception {
        Method method = find(instance.getClass(), name, arity);
        JsonNode args = JSON.readTree(payload);
        Object[] values = new Object[arity];
        for (int i = 0; i < arity; i++) {
            try {
                values[i] = JSON.convertValue(args.get(i), JSON.constructType(method.getGenericParameterTypes()[i]));
            } catch (JacksonException | IllegalArgumentException e) {
                throw new DurableObjectException(400, "RPC " + instance.getClass().getSimpleName() + "." + name + ": argument " + (i + 1)
                        + " does not fit " + method.getGenericParameterTypes()[i].getTypeName() + ": " + e.getMessage(), e);
            }
        }
        Object result = method.invoke(instance, values);
        return method.getReturnType() == void.class ? null : JSON.writeValueAsBytes(result);
    }

    private static Method find(Class<?> type, String name, int arity) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity && !Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass() != Object.class && m.getDeclaringClass() != DurableObject.class) {
                return m;
            }
        }
        throw new DurableObjectException(501, "Durable Object class " + type.getName() + " has no public method " + name + " with "
                + arity + " parameter(s) to call over RPC");
    }

    /**
     * The object's exception as the caller sees it: Kiln's own exceptions unchanged; otherwise a new exception of
     * the same type with the same message when the caller can load the type and may throw it, else a
     * {@link DurableObjectException} naming it. Never the object's own instance: it may come from another class loader.
     */
    private Throwable asCallerException(Method method, Throwable error) {
        if (error instanceof KilnException) {
            return error;
        }
        String message = error.getMessage();
        try {
            Class<?> local = Class.forName(error.getClass().getName(), false, type.getClassLoader());
            boolean throwable = RuntimeException.class.isAssignableFrom(local) || Error.class.isAssignableFrom(local)
                    || Arrays.stream(method.getExceptionTypes()).anyMatch(t -> t.isAssignableFrom(local));
            if (throwable) {
                return (Throwable) local.getConstructor(String.class).newInstance(message);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException ignored) {
            // not loadable or not constructible here: described below
        }
        return new DurableObjectException(500, "Durable Object " + key.className() + "." + method.getName() + " threw "
                + error.getClass().getName() + (message == null ? "" : ": " + message));
    }
}
