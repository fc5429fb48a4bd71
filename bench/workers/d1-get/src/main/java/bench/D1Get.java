package bench;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.Worker;

/** Reads the row {@code k100} from D1 by primary key and answers its value. */
public final class D1Get implements Worker {

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) {
        return env.d1("DB").prepare("SELECT v FROM items WHERE k = ?").bind("k100").first("v")
                .map(v -> Response.text((String) v))
                .orElseGet(() -> Response.text(500, "missing: seed k100 first"));
    }
}
