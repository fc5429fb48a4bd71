package dev.kiln.runtime;

import dev.kiln.api.BindingException;
import dev.kiln.api.Env;
import dev.kiln.api.Json;
import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A worker's {@link Env}: exactly what its configuration declares. */
final class EnvImpl implements Env {

    private final String worker;
    private final Map<String, Object> vars;
    private final Map<String, String> secrets;
    private final Map<String, Binding> declared = new LinkedHashMap<>();
    private final Map<String, Object> live;

    EnvImpl(WorkerConfig config, Map<String, Object> live) {
        this.worker = config.name();
        this.vars = config.vars();
        this.secrets = config.secrets();
        for (Binding b : config.bindings()) {
            declared.put(b.name(), b);
        }
        this.live = Map.copyOf(live);
    }

    @Override
    public String var(String name) {
        return optionalVar(name).orElseThrow(() -> new BindingException(
                "no var or secret named '" + name + "' is declared for worker '" + worker + "'; declared: " + names()));
    }

    @Override
    public Optional<String> optionalVar(String name) {
        String secret = secrets.get(name);
        if (secret != null) {
            return Optional.of(secret);
        }
        Object value = vars.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value instanceof String s ? s : Json.stringify(value));
    }

    @Override
    public <T> T var(String name, Class<T> type) {
        Object value = secrets.containsKey(name) ? secrets.get(name) : vars.get(name);
        if (value == null) {
            throw new BindingException("no var named '" + name + "' is declared for worker '" + worker + "'; declared: " + names());
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        return Json.decode(Json.encode(value), type);
    }

    @Override
    public <T> T binding(String name, Class<T> type) {
        Object binding = live.get(name);
        if (binding != null) {
            if (!type.isInstance(binding)) {
                throw new BindingException("binding '" + name + "' is a " + declared.get(name).type() + " binding, not a "
                        + type.getSimpleName());
            }
            return type.cast(binding);
        }
        Binding config = declared.get(name);
        if (config != null) {
            throw new BindingException("binding '" + name + "' (" + config.type() + ") is declared but Kiln does not support "
                    + config.type() + " bindings yet");
        }
        throw new BindingException("no binding named '" + name + "' is declared for worker '" + worker + "'; declared: " + names());
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>(vars.keySet());
        names.addAll(secrets.keySet());
        names.addAll(declared.keySet());
        return names;
    }
}
