package dev.kiln.spi;

import dev.kiln.config.Binding;
import dev.kiln.config.WorkerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A {@link BindingKind} running in one process: opens the live objects of each worker version's bindings. */
public interface BindingHost extends AutoCloseable {

    /**
     * Opens one worker version's bindings of this kind. Called for every worker version loaded, also when it
     * declares none of them (a kind may have work to do for the worker as a whole, such as Durable Object
     * migrations).
     *
     * @param worker the worker version's resolved configuration
     * @param bindings the bindings of this kind it declares, in file order
     * @return binding name to the object {@code env.binding(name, type)} returns
     * @throws WorkerLoadException if the bindings cannot serve this worker; the message says what to fix
     */
    Map<String, Object> bind(WorkerConfig worker, List<Binding> bindings);

    /** Stops what the host started; live objects finish their queued work first. */
    @Override
    void close();

    /** @return a host that opens each binding on its own, with nothing of its own to close */
    static BindingHost each(Function<Binding, Object> open) {
        return new BindingHost() {
            @Override
            public Map<String, Object> bind(WorkerConfig worker, List<Binding> bindings) {
                Map<String, Object> live = new LinkedHashMap<>();
                for (Binding b : bindings) {
                    live.put(b.name(), open.apply(b));
                }
                return live;
            }

            @Override
            public void close() {
            }
        };
    }
}
