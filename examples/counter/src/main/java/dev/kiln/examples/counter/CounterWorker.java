package dev.kiln.examples.counter;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.Worker;

/** Routes {@code /counter/{name}...} (WebSocket upgrades included) to the Durable Object named {@code name}. */
public final class CounterWorker implements Worker {

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) {
        String[] parts = request.path().split("/");
        if (parts.length < 3 || !parts[1].equals("counter") || parts[2].isEmpty()) {
            return Response.text(404, "try POST /counter/{name}/increment, GET /counter/{name} or a WebSocket on /counter/{name}/ws\n");
        }
        return env.durableObject("COUNTER").getByName(parts[2]).fetch(request);
    }
}
