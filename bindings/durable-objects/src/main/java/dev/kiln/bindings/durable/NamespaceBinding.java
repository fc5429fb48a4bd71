package dev.kiln.bindings.durable;

import dev.kiln.api.DurableObjectId;
import dev.kiln.api.DurableObjectNamespace;
import dev.kiln.api.DurableObjectStub;
import java.util.Objects;
import java.util.Optional;

/** A {@code [[durable_objects.bindings]]} binding: ids and stubs of one class (bindings.md §2.1). */
final class NamespaceBinding implements DurableObjectNamespace {

    private final DurableObjects registry;
    private final String script;
    private final String className;
    private final Optional<String> jurisdiction;

    /**
     * @param script the worker that defines the class ({@code script_name}, else the binding's own worker)
     */
    NamespaceBinding(DurableObjects registry, String script, String className, Optional<String> jurisdiction) {
        this.registry = registry;
        this.script = script;
        this.className = className;
        this.jurisdiction = jurisdiction;
    }

    @Override
    public DurableObjectId idFromName(String name) {
        Objects.requireNonNull(name, "name");
        return ObjectIdImpl.fromName(secret(), jurisdiction, name);
    }

    @Override
    public DurableObjectId newUniqueId() {
        return ObjectIdImpl.unique(secret(), jurisdiction);
    }

    @Override
    public DurableObjectId idFromString(String id) {
        Objects.requireNonNull(id, "id");
        return ObjectIdImpl.parse(secret(), id, "Durable Object class " + className + " of worker '" + script + "'");
    }

    @Override
    public DurableObjectStub get(DurableObjectId id) {
        Objects.requireNonNull(id, "id");
        if (!(id instanceof ObjectIdImpl own)) {
            throw new IllegalArgumentException("not an id made by a Kiln Durable Object namespace: " + id.getClass().getName());
        }
        idFromString(own.hex()); // an id of another namespace fails here, before any call
        return new StubImpl(registry, new ObjectKey(script, className, own.hex()), own);
    }

    @Override
    public DurableObjectNamespace jurisdiction(String jurisdiction) {
        return new NamespaceBinding(registry, script, className, Optional.of(ObjectIdImpl.checkJurisdiction(jurisdiction)));
    }

    private String secret() {
        return registry.classRecord(script, className).orElseThrow(() -> new ObjectUnavailableException(
                "worker '" + script + "' defines no Durable Object class \"" + className + "\" (no [[migrations]] entry of '" + script
                        + "' creates it; its classes: [" + registry.describeClasses(script) + "])")).secret();
    }

    @Override
    public String toString() {
        return "DurableObjectNamespace[" + script + "." + className + jurisdiction.map(j -> ", " + j).orElse("") + "]";
    }
}
