package bench;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.Worker;

/** Reads the key {@code k100} from KV and answers its value. */
public final class KvGet implements Worker {

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) {
        return env.kv("KV").get("k100")
                .map(Response::text)
                .orElseGet(() -> Response.text(500, "missing: seed k100 first"));
    }
}
