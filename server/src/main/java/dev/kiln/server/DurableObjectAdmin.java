package dev.kiln.server;

import dev.kiln.bindings.durable.DurableObjectStores;
import dev.kiln.bindings.durable.DurableObjects;
import dev.kiln.api.KilnException;
import dev.kiln.runtime.KilnRuntime;
import dev.kiln.spi.JacksonJsonCodec;
import dev.kiln.bindings.durable.ObjectInspector;
import dev.kiln.spi.StorageException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * Read-only Durable Object data on the admin API (behind its bearer token):
 * <ul>
 * <li>{@code GET /do}: namespaces ({@code <worker>.<class>}) and object counts, and how many objects are live;</li>
 * <li>{@code GET /do/{namespace}}: its objects (id, name, bytes, alarm);</li>
 * <li>{@code GET /do/{namespace}/{object}/storage?prefix=&limit=}: key-value entries;</li>
 * <li>{@code GET /do/{namespace}/{object}/storage/{key}}: one value (404 if missing);</li>
 * <li>{@code GET /do/{namespace}/{object}/sql?q=QUERY}: a read-only query, {@code {columns, rows}}.</li>
 * </ul>
 * {@code {object}} is a 64-hex id, or {@code name:NAME} for an id made from a name.
 */
final class DurableObjectAdmin {

    private final KilnRuntime runtime;
    private final ObjectInspector inspector;

    DurableObjectAdmin(KilnRuntime runtime) {
        this.runtime = runtime;
        this.inspector = new ObjectInspector(runtime.backend().store(DurableObjectStores.class));
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/do", guarded((req, res) -> json(res, Map.of("live", runtime.bindingHost(DurableObjects.class).map(DurableObjects::liveObjects).orElse(0L), "namespaces", inspector.namespaces()))))
                .get("/do/{namespace}", guarded((req, res) -> json(res, inspector.objects(req.path().pathParameters().get("namespace")))))
                .get("/do/{namespace}/{object}/storage", guarded((req, res) -> {
                    String[] target = target(req);
                    json(res, inspector.list(target[0], target[1], req.query().first("prefix").orElse(null),
                            Integer.parseInt(req.query().first("limit").orElse("0"))));
                }))
                .get("/do/{namespace}/{object}/storage/{key}", guarded((req, res) -> {
                    String[] target = target(req);
                    var value = inspector.get(target[0], target[1], req.path().pathParameters().get("key"));
                    if (value.isEmpty()) {
                        res.status(Status.NOT_FOUND_404).send("no such key\n");
                    } else {
                        json(res, value.get());
                    }
                }))
                .get("/do/{namespace}/{object}/sql", guarded((req, res) -> {
                    String[] target = target(req);
                    json(res, inspector.sql(target[0], target[1], req.query().first("q").orElse("")));
                }));
    }

    private String[] target(ServerRequest req) {
        String namespace = req.path().pathParameters().get("namespace");
        String object = req.path().pathParameters().get("object");
        String id = object.startsWith("name:") ? inspector.resolve(namespace, null, object.substring(5)) : inspector.resolve(namespace, object, null);
        return new String[] {namespace, id};
    }

    /** Bad input answers 400 (404 for an unknown object) with the reason, not 500. */
    private static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (KilnException e) {
                res.status(Status.create(e.status())).send(e.getMessage() + "\n");
            } catch (IllegalArgumentException e) {
                res.status(e.getMessage() != null && e.getMessage().contains("has no storage") ? Status.NOT_FOUND_404 : Status.BAD_REQUEST_400)
                        .send(e.getMessage() + "\n");
            } catch (StorageException e) {
                res.status(Status.BAD_REQUEST_400).send(e.getMessage() + "\n");
            }
        };
    }

    private static void json(ServerResponse res, Object value) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(JacksonJsonCodec.mapper().writeValueAsBytes(value));
    }
}
