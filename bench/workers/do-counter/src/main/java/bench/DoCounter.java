package bench;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.Worker;
import java.util.concurrent.ThreadLocalRandom;

/** Forwards each request to a counter object: "bench", or one of 10,000 at random for /spread. */
public final class DoCounter implements Worker {

    static final int SPREAD = 10_000;

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) {
        String name = request.path().equals("/spread") ? "o" + ThreadLocalRandom.current().nextInt(SPREAD) : "bench";
        return env.durableObject("COUNTER").getByName(name).fetch(request);
    }
}
