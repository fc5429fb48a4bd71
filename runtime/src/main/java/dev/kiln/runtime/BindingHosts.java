package dev.kiln.runtime;

import dev.kiln.api.BindingException;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
import dev.kiln.spi.OutputGate;
import dev.kiln.spi.WorkerHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every binding kind of the registry, started once in this process over its storage backend. Builds the live
 * bindings of each worker version from them; the runtime itself knows no kind by name. Thread-safe.
 */
final class BindingHosts implements AutoCloseable {

    private final Map<String, BindingHost> hosts = new LinkedHashMap<>();

    /**
     * @param lookup finds the version of a worker now serving, by name
     */
    public BindingHosts(List<BindingKind> kinds, Backend backend, Function<String, Optional<Deployment>> lookup,
                        Dispatcher dispatcher) {
        HostContext context = new HostContext(backend, new RunningWorkers(lookup, dispatcher), Clock.systemUTC());
        for (BindingKind kind : kinds) {
            hosts.put(kind.type(), kind.start(context));
        }
    }

    /** @return binding name to live binding, for every binding the worker declares of a kind this Kiln has */
    public Map<String, Object> bind(WorkerConfig config) {
        Map<String, Object> live = new LinkedHashMap<>();
        hosts.forEach((type, host) -> {
            List<Binding> mine = config.bindings().stream().filter(b -> b.type().equals(type)).toList();
            live.putAll(host.bind(config, mine));
        });
        return live;
    }

    /** @return the started host of that class, for people inspecting a kind (the admin API, tests) */
    public <H> Optional<H> host(Class<H> type) {
        return hosts.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Closes the hosts, the last started first. */
    @Override
    public void close() {
        List<BindingHost> reverse = new ArrayList<>(hosts.values());
        java.util.Collections.reverse(reverse);
        reverse.forEach(BindingHost::close);
    }

    /** The workers of this process as bindings see them. */
    private record RunningWorkers(Function<String, Optional<Deployment>> lookup, Dispatcher dispatcher) implements dev.kiln.spi.Workers {

        @Override
        public Optional<WorkerHandle> find(String name) {
            return lookup.apply(name).map(d -> d);
        }

        @Override
        public Response fetch(String worker, Request request) {
            Invocation caller = Invocation.current();
            if (caller != null) {
                caller.countSubrequest();
            }
            OutputGate.beforeOutput();
            Deployment target = lookup.apply(worker).orElseThrow(() ->
                    new BindingException("service binding target '" + worker + "' is not running in this Kiln process"));
            var exchange = dispatcher.invoke(target, request, caller);
            exchange.finish(null);
            return exchange.response();
        }
    }
}
