package dev.kiln.runtime.internal;

import dev.kiln.api.BindingException;
import dev.kiln.api.Fetcher;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import java.util.function.Function;

/**
 * A {@code [[services]]} binding: calls the target worker's fetch handler in this process, on the caller's
 * thread. Each call is a subrequest of the calling invocation (bindings.md §8).
 */
final class ServiceBinding implements Fetcher {

    private final String service;
    private final Function<String, Deployment> lookup;
    private final Dispatcher dispatcher;

    ServiceBinding(String service, Function<String, Deployment> lookup, Dispatcher dispatcher) {
        this.service = service;
        this.lookup = lookup;
        this.dispatcher = dispatcher;
    }

    @Override
    public Response fetch(Request request) {
        Invocation caller = Invocation.current();
        if (caller != null) {
            caller.countSubrequest();
        }
        Deployment target = lookup.apply(service);
        if (target == null) {
            throw new BindingException("service binding target '" + service + "' is not running in this Kiln process");
        }
        var exchange = dispatcher.invoke(target, request, caller);
        exchange.finish(null);
        return exchange.response();
    }
}
