package dev.kiln.examples.hello;

import dev.kiln.api.Env;
import dev.kiln.api.ExecutionContext;
import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.api.ScheduledController;
import dev.kiln.api.Worker;
import java.util.Map;

/**
 * Hello, Kiln. {@code GET /} greets; {@code GET /json} answers JSON; {@code GET /stream?n=3} streams
 * server-sent events; {@code POST /echo} echoes the body. Its cron logs a line every five minutes.
 */
public final class HelloWorker implements Worker {

    @Override
    public Response fetch(Request request, Env env, ExecutionContext ctx) throws Exception {
        return switch (request.path()) {
            case "/" -> Response.text(env.var("GREETING"));
            case "/json" -> Response.json(Map.of("greeting", env.var("GREETING"), "path", request.path()));
            case "/echo" -> Response.builder(200)
                    .header("content-type", request.header("content-type").orElse("application/octet-stream"))
                    .body(request.bytes().length == 0 ? "" : request.text())
                    .build();
            case "/stream" -> {
                int n = Integer.parseInt(request.queryParam("n").orElse("3"));
                yield Response.eventStream(events -> {
                    for (int i = 1; i <= n; i++) {
                        events.send("tick", Integer.toString(i));
                    }
                });
            }
            default -> Response.text(404, "Not found: " + request.path() + "\n");
        };
    }

    @Override
    public void scheduled(ScheduledController controller, Env env, ExecutionContext ctx) {
        ctx.console().log("cron", controller.cron(), "fired for", controller.scheduledTime());
    }
}
