package dev.kiln.bindings.durable;

/**
 * One Durable Object in the process: the worker that defines its class, the class name and the id.
 *
 * @param script the name of the worker defining the class
 * @param className the class name as the configuration spells it
 * @param id 64 hex digits
 */
record ObjectKey(String script, String className, String id) {

    /** @return the namespace's directory name in storage, {@code <script>.<class>} */
    String namespace() {
        return script + "." + className;
    }

    /** @return the key of a namespace directory name and object id */
    static ObjectKey of(String namespace, String id) {
        int dot = namespace.indexOf('.');
        return new ObjectKey(namespace.substring(0, dot), namespace.substring(dot + 1), id);
    }

    @Override
    public String toString() {
        return namespace() + "/" + id;
    }
}
