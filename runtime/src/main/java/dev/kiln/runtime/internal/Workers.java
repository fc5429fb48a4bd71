package dev.kiln.runtime.internal;

import dev.kiln.api.Response;
import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import dev.kiln.runtime.Exchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Entry points the public runtime uses to build deployments and Kiln's own replies. */
public final class Workers {

    private Workers() {
    }

    /** Builds a deployment of the worker, with live objects for every binding kind Kiln supports. */
    public static Deployment load(WorkerConfig config, int version, WorkerCompiler compiler, WorkerMetrics metrics,
                                  OutboundHttp outbound, Dispatcher dispatcher, Function<String, Deployment> lookup,
                                  BindingResources resources) {
        return Deployment.load(config, version, compiler, metrics, outbound, c -> {
            Map<String, Object> live = new LinkedHashMap<>();
            Map<String, Object> objects = c.migrations().isEmpty() && c.bindings(Binding.DurableObjectNamespace.class).isEmpty()
                    ? Map.of() : resources.durableObjects().bind(c, lookup);
            for (Binding binding : c.bindings()) {
                switch (binding) {
                    case Binding.Service service -> live.put(service.name(), new ServiceBinding(service.service(), lookup, dispatcher));
                    case Binding.KvNamespace kv -> live.put(kv.name(), new KvBinding(resources.kv(kv.target())));
                    case Binding.D1Database d1 -> live.put(d1.name(), new D1Binding(resources.d1(d1.target())));
                    case Binding.R2Bucket r2 -> live.put(r2.name(), new R2Binding(() -> resources.r2(r2.target())));
                    case Binding.DurableObjectNamespace d -> live.put(d.name(), objects.get(d.name()));
                    default -> { } // declared but not supported yet: env.binding(...) says so
                }
            }
            return live;
        });
    }

    /** @return an exchange for a reply Kiln makes itself (no invocation behind it) */
    public static Exchange reply(Response response) {
        return reply(response, "-");
    }

    /** @return an exchange that only answers {@code response}, under {@code requestId} */
    static Exchange reply(Response response, String requestId) {
        return new Exchange() {
            @Override
            public Response response() {
                return response;
            }

            @Override
            public String requestId() {
                return requestId;
            }

            @Override
            public void finish(Throwable error) {
            }
        };
    }
}
