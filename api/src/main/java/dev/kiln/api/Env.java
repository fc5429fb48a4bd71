package dev.kiln.api;

import java.util.Optional;
import java.util.Set;

/**
 * A worker's environment: the vars, secrets and bindings its configuration declares, and nothing else.
 *
 * <p>Vars come from {@code vars} in the configuration; secrets from {@code .dev.vars} / {@code .env}
 * (or {@code kiln secret}). Both are read with {@link #var(String)}: a secret of the same name as a var
 * overrides it, as in Workers. Bindings (services, KV namespaces, ...) are read with
 * {@link #binding(String, Class)} or a typed shortcut such as {@link #service(String)}.
 */
public interface Env {

    /**
     * @return the var or secret as text (a JSON-valued var as its JSON text)
     * @throws BindingException if no var or secret of that name is declared
     */
    String var(String name);

    /** @return the var or secret as text, if declared */
    Optional<String> optionalVar(String name);

    /**
     * @return the var's JSON value decoded into {@code type} (a plain string var decodes as a JSON string)
     * @throws BindingException if no var of that name is declared
     * @throws IllegalArgumentException if the value does not fit the type
     */
    <T> T var(String name, Class<T> type);

    /**
     * @param name the binding name from the configuration
     * @param type the binding's API type, e.g. {@link Fetcher}
     * @return the binding
     * @throws BindingException if no binding of that name is declared, it is of another type, or its kind is
     *     not supported by this Kiln; the message lists what is declared
     */
    <T> T binding(String name, Class<T> type);

    /** @return a service binding ({@code [[services]]}) */
    default Fetcher service(String name) {
        return binding(name, Fetcher.class);
    }

    /** @return a KV namespace binding ({@code [[kv_namespaces]]}) */
    default KvNamespace kv(String name) {
        return binding(name, KvNamespace.class);
    }

    /** @return a D1 database binding ({@code [[d1_databases]]}) */
    default D1Database d1(String name) {
        return binding(name, D1Database.class);
    }

    /** @return an R2 bucket binding ({@code [[r2_buckets]]}) */
    default R2Bucket r2(String name) {
        return binding(name, R2Bucket.class);
    }

    /** @return a Durable Object namespace binding ({@code [[durable_objects.bindings]]}) */
    default DurableObjectNamespace durableObject(String name) {
        return binding(name, DurableObjectNamespace.class);
    }

    /** @return the names of every declared var, secret and binding */
    Set<String> names();
}
