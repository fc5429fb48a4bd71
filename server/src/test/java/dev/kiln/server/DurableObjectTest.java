package dev.kiln.server;

import dev.kiln.bindings.durable.DurableObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable Objects end to end (bindings.md §2): real worker classes, real SQLite files, a real server. */
class DurableObjectTest {

    static final String TOML = """
            name = "objects"
            main = "test.Main"
            compatibility_date = "2026-11-01"
            [[durable_objects.bindings]]
            name = "THINGS"
            class_name = "Thing"
            [[durable_objects.bindings]]
            name = "FLAKY"
            class_name = "Flaky"
            [[durable_objects.bindings]]
            name = "LEGACY"
            class_name = "Legacy"
            [[durable_objects.bindings]]
            name = "PINGS"
            class_name = "Pinger"
            [[durable_objects.bindings]]
            name = "NOCTOR"
            class_name = "NoCtor"
            [[migrations]]
            tag = "v1"
            new_sqlite_classes = ["Thing", "Flaky"]
            [[migrations]]
            tag = "v2"
            new_classes = ["Legacy"]
            [[migrations]]
            tag = "v3"
            new_sqlite_classes = ["Pinger", "NoCtor"]
            """;

    static final String MAIN = """
            public final class Main implements Worker {
                public Response fetch(Request req, Env env, ExecutionContext ctx) {
                    String name = req.queryParam("name").orElse("a");
                    DurableObjectNamespace ns = env.durableObject("THINGS");
                    Things things = ns.getByName(name).rpc(Things.class);
                    try {
                        return switch (req.path()) {
                            case "/add" -> Response.text(String.valueOf(things.add(Long.parseLong(req.queryParam("n").orElse("1")))));
                            case "/summary" -> Response.json(200, things.summary());
                            case "/fail" -> Response.text(String.valueOf(things.failAfterWriting(req.queryParam("msg").orElse(""))));
                            case "/sql" -> Response.json(200, things.sql(req.text()));
                            case "/list" -> Response.json(200, things.list(req.queryParam("prefix").orElse(null), req.queryParam("start").orElse(null),
                                    req.queryParam("end").orElse(null), req.queryParam("reverse").isPresent(),
                                    req.queryParam("limit").map(Integer::parseInt).orElse(null)));
                            case "/put" -> Response.text(things.put(req.queryParam("key").orElse("k"), "v".repeat(Integer.parseInt(req.queryParam("size").orElse("1")))));
                            case "/instance" -> Response.text(things.instance());
                            case "/self" -> Response.text(things.callSelf());
                            case "/fetch" -> ns.getByName(name).fetch(req);
                            case "/id" -> Response.text(ns.idFromName(name) + " " + ns.idFromName(name) + " " + ns.jurisdiction("eu").idFromName(name)
                                    + " " + ns.idFromString(ns.idFromName(name).toString()).equals(ns.idFromName(name)));
                            case "/unique" -> Response.text(ns.get(ns.idFromString(req.queryParam("id").orElseThrow())).rpc(Things.class).instance());
                            case "/newid" -> Response.text(ns.newUniqueId().toString());
                            case "/otherns" -> Response.text(ns.idFromString(env.durableObject("FLAKY").idFromName(name).toString()).toString());
                            case "/flaky" -> Response.text(env.durableObject("FLAKY").getByName(name).rpc(Things.class).instance());
                            case "/legacy/sql" -> Response.text(env.durableObject("LEGACY").getByName(name).rpc(Things.class).sql("SELECT 1").toString());
                            case "/legacy/put" -> Response.text(env.durableObject("LEGACY").getByName(name).rpc(Things.class)
                                    .put("k", "v".repeat(Integer.parseInt(req.queryParam("size").orElse("1")))));
                            case "/broken" -> {
                                DurableObjectStub stub = env.durableObject("NOCTOR").getByName(name);
                                List<String> outcomes = new ArrayList<>();
                                for (int i = 0; i < 2; i++) {
                                    try {
                                        stub.fetch(req);
                                        outcomes.add("ok");
                                    } catch (DurableObjectException e) {
                                        outcomes.add(e.status() + " " + e.getMessage());
                                    }
                                }
                                yield Response.text(String.join("\\n", outcomes));
                            }
                            case "/txn" -> Response.text(things.transactionsAndDeleteAll());
                            case "/gate" -> {
                                String outcome;
                                try {
                                    outcome = things.writeCallThrow(name + "-other");
                                } catch (IllegalStateException e) {
                                    outcome = e.getMessage();
                                }
                                yield Response.text(outcome + "; " + things.list("before", null, null, false, null).keySet().stream()
                                        .filter(k -> k.equals("before") || k.equals("after")).toList());
                            }
                            case "/waited" -> Response.text(things.waitedFor());
                            case "/bulk" -> Response.text(things.bulk(Integer.parseInt(req.queryParam("n").orElse("1"))));
                            case "/legacy/longkey" -> Response.text(env.durableObject("LEGACY").getByName(name).rpc(Things.class)
                                    .put("k".repeat(Integer.parseInt(req.queryParam("bytes").orElse("1"))), "v"));
                            case "/alarm" -> Response.text(things.armAlarm(Long.parseLong(req.queryParam("in").orElse("0")), Integer.parseInt(req.queryParam("fail").orElse("0"))));
                            case "/alarm/log" -> Response.json(200, things.alarmLog());
                            case "/ping" -> {
                                int n = Integer.parseInt(req.queryParam("n").orElse("1"));
                                long sum = 0;
                                for (int i = 0; i < n; i++) {
                                    sum += env.durableObject("PINGS").getByName(name + i).rpc(Ping.class).ping();
                                }
                                yield Response.text(String.valueOf(sum));
                            }
                            default -> Response.text(404, "no route");
                        };
                    } catch (DurableObjectException e) {
                        return Response.text(e.status(), e.getClass().getSimpleName() + ": " + e.getMessage());
                    } catch (IllegalStateException | IllegalArgumentException e) {
                        return Response.text(409, "caught " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            }
            """;

    static final String API = """
            public interface Things {
                long add(long n);
                Summary summary();
                long failAfterWriting(String message);
                List<Map<String, Object>> sql(String query);
                Map<String, Object> list(String prefix, String start, String end, boolean reverse, Integer limit);
                String put(String key, String value);
                String instance();
                String callSelf();
                long ping();
                String armAlarm(long inMillis, int failures);
                String bulk(int n);
                String transactionsAndDeleteAll();
                String waitedFor();
                String writeCallThrow(String other);
                List<String> alarmLog();
                record Summary(long total, int constructed, String id, String name) {}
            }
            """;

    static final String THING = """
            public class Thing implements DurableObject, Things {
                static final java.util.concurrent.atomic.AtomicInteger CONSTRUCTED = new java.util.concurrent.atomic.AtomicInteger();
                static final List<String> ALARMS = Collections.synchronizedList(new ArrayList<>());
                final DurableObjectState state;
                final Env env;
                final String instance = UUID.randomUUID().toString();
                long total;
                public Thing(DurableObjectState state, Env env) {
                    this.state = state;
                    this.env = env;
                    CONSTRUCTED.incrementAndGet();
                    total = state.blockConcurrencyWhile(() -> state.storage().get("total", Long.class).orElse(0L));
                }
                public long add(long n) {
                    total += n;
                    state.storage().put("total", total);
                    return total;
                }
                public Summary summary() {
                    return new Summary(state.storage().get("total", Long.class).orElse(0L), CONSTRUCTED.get(), state.id().toString(), state.id().name().orElse(""));
                }
                public long failAfterWriting(String message) {
                    add(1000);
                    state.storage().sql().exec("CREATE TABLE IF NOT EXISTS t (x)");
                    throw new IllegalStateException(message);
                }
                public List<Map<String, Object>> sql(String query) {
                    return state.storage().sql().exec(query).toArray();
                }
                public Map<String, Object> list(String prefix, String start, String end, boolean reverse, Integer limit) {
                    for (String k : List.of("a", "b", "c", "ab", "abc", "b1", "é", "z")) state.storage().put(k, k.toUpperCase());
                    var o = DurableObjectStorage.ListOptions.ALL;
                    if (prefix != null) o = o.withPrefix(prefix);
                    if (start != null) o = o.withStart(start);
                    if (end != null) o = o.withEnd(end);
                    if (reverse) o = o.reversed();
                    if (limit != null) o = o.withLimit(limit);
                    return new LinkedHashMap<>(state.storage().list(o));
                }
                public String put(String key, String value) {
                    state.storage().put(key, value);
                    return "stored " + value.length();
                }
                public String instance() {
                    return instance;
                }
                public String transactionsAndDeleteAll() {
                    var storage = state.storage();
                    storage.put("outer", 1);
                    String inner;
                    try {
                        storage.transaction(txn -> {
                            txn.put("inner", 2);
                            throw new IllegalArgumentException("undo");
                        });
                        inner = "not thrown";
                    } catch (IllegalArgumentException e) {
                        inner = "rolled back " + storage.get("inner").isPresent();
                    }
                    int committed = storage.transaction(txn -> {
                        txn.put("kept", 3);
                        return 3;
                    });
                    storage.sql().exec("CREATE TABLE IF NOT EXISTS t (x)");
                    storage.setAlarm(java.time.Instant.now().plusSeconds(3600));
                    String before = storage.list().keySet() + " alarm=" + storage.getAlarm().isPresent();
                    storage.deleteAll();
                    return inner + "; " + committed + "; " + before + "; after " + storage.list().keySet() + " alarm=" + storage.getAlarm().isPresent()
                            + " tables=" + storage.sql().exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").one().get("n");
                }
                public String writeCallThrow(String other) {
                    state.storage().put("before", 1);
                    env.durableObject("THINGS").getByName(other).rpc(Things.class).ping();
                    state.storage().put("after", 2);
                    throw new IllegalStateException("thrown after the call");
                }
                public String waitedFor() {
                    state.waitUntil(() -> state.storage().put("waited", "yes"));
                    return state.storage().get("waited", String.class).orElse("not yet");
                }
                public String bulk(int n) {
                    Map<String, Object> entries = new HashMap<>();
                    for (int i = 0; i < n; i++) entries.put("bulk" + i, i);
                    state.storage().put(entries);
                    return "stored " + state.storage().get(new ArrayList<>(entries.keySet()).subList(0, Math.min(n, 128))).size();
                }
                public String callSelf() {
                    return env.durableObject("THINGS").get(state.id()).rpc(Things.class).instance();
                }
                public long ping() {
                    return 1;
                }
                public String armAlarm(long inMillis, int failures) {
                    state.storage().put("failures", failures);
                    state.storage().setAlarm(java.time.Instant.now().plusMillis(inMillis));
                    return "armed";
                }
                public List<String> alarmLog() {
                    List<String> log = new ArrayList<>(ALARMS);
                    log.add("alarm=" + state.storage().getAlarm().isPresent());
                    return log;
                }
                @Override
                public void alarm(AlarmInvocationInfo info) {
                    ALARMS.add(info.retryCount() + ":" + info.isRetry() + ":" + System.nanoTime());
                    int failures = state.storage().get("failures", Integer.class).orElse(0);
                    if (info.retryCount() < failures) {
                        throw new IllegalStateException("alarm failure " + info.retryCount());
                    }
                }
            }
            """;

    static final String FLAKY = """
            public class Flaky extends Thing {
                static final java.util.concurrent.atomic.AtomicInteger TRIES = new java.util.concurrent.atomic.AtomicInteger();
                public Flaky(DurableObjectState state, Env env) {
                    super(state, env);
                    if (TRIES.incrementAndGet() == 1) {
                        throw new IllegalStateException("constructor failed once");
                    }
                }
            }
            """;

    static final String LEGACY = """
            public class Legacy extends Thing {
                public Legacy(DurableObjectState state, Env env) {
                    super(state, env);
                }
            }
            """;

    static final String PING = """
            public interface Ping {
                long ping();
            }
            """;

    static final String NO_CTOR = """
            public class NoCtor implements DurableObject {
                public NoCtor() {
                }
            }
            """;

    static final String PINGER = """
            public class Pinger implements DurableObject, Ping {
                public Pinger(DurableObjectState state, Env env) {
                }
                public long ping() {
                    return 1;
                }
            }
            """;

    @TempDir
    Path root;
    KilnServer server;
    String base;

    @BeforeAll
    static void fastTimers() {
        System.setProperty("kiln.do.alarmRetryBase", "PT0.05S");
        System.setProperty("kiln.do.idleTimeout", "PT0.7S");
    }

    @AfterAll
    static void defaultTimers() {
        System.clearProperty("kiln.do.alarmRetryBase");
        System.clearProperty("kiln.do.idleTimeout");
    }

    @BeforeEach
    void start() {
        Path worker = ObjectProject.write(root, "objects", TOML, Map.of("Main", MAIN, "Things", API, "Thing", THING, "Flaky", FLAKY, "Legacy", LEGACY,
                "Ping", PING, "Pinger", PINGER, "NoCtor", NO_CTOR));
        server = WorkerFixture.serve(root, WorkerFixture.options(root), worker);
        base = server.url().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String pathAndQuery) {
        return Http.get(base + pathAndQuery);
    }

    @Test
    void rpcCallsRunOnTheNamedObjectAndPersist() {
        assertThat(get("/add?name=x&n=2").body()).isEqualTo("2");
        assertThat(get("/add?name=x&n=3").body()).isEqualTo("5");
        assertThat(get("/add?name=y&n=1").body()).isEqualTo("1");
        String summary = get("/summary?name=x").body();
        assertThat(summary).contains("\"total\":5").contains("\"name\":\"x\"").containsPattern("\"id\":\"[0-9a-f]{64}\"");
        server.close();
        server = WorkerFixture.serve(root, WorkerFixture.options(root), root.resolve("objects"));
        base = server.url().toString();
        assertThat(get("/add?name=x&n=1").body()).as("state survives a restart").isEqualTo("6");
    }

    @Test
    void idsAreDeterministicPerNameAndJurisdictionAndValidated() {
        String[] ids = get("/id?name=n").body().split(" ");
        assertThat(ids[0]).matches("[0-9a-f]{64}").isEqualTo(ids[1]);
        assertThat(ids[2]).matches("[0-9a-f]{64}").isNotEqualTo(ids[0]);
        assertThat(ids[3]).isEqualTo("true");
        String unique = get("/newid").body();
        assertThat(unique).matches("[0-9a-f]{64}").isNotEqualTo(get("/newid").body());
        assertThat(get("/unique?id=" + unique).statusCode()).isEqualTo(200);
        // bindings.md §2.1: idFromString throws if invalid or from another namespace.
        HttpResponse<String> bad = get("/unique?id=xyz");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Invalid Durable Object ID: must be 64 lowercase hex digits");
        String flipped = (unique.charAt(0) == '0' ? "1" : "0") + unique.substring(1);
        assertThat(get("/unique?id=" + flipped).body()).contains("is not an id of Durable Object class Thing");
        assertThat(get("/otherns?name=n").body()).contains("is not an id of Durable Object class Thing");
    }

    @Test
    void anExceptionRollsBackTheEventAndResetsTheObject() {
        assertThat(get("/add?name=r&n=1").body()).isEqualTo("1");
        String before = get("/instance?name=r").body();
        HttpResponse<String> failed = get("/fail?name=r&msg=" + enc("boom here"));
        assertThat(failed.body()).as("same exception type and message on the caller's side").isEqualTo("caught IllegalStateException: boom here");
        assertThat(get("/instance?name=r").body()).as("the instance was reset").isNotEqualTo(before);
        assertThat(get("/summary?name=r").body()).as("its writes were rolled back").contains("\"total\":1");
        assertThat(get("/add?name=r&n=1").body()).isEqualTo("2");
    }

    @Test
    void sqlRunsInTheObjectsDatabaseAndErrorsRollBackOnlyThatEvent() {
        assertThat(post("/sql?name=s", "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT); INSERT INTO items (label) VALUES ('one'), ('two')").statusCode()).isEqualTo(200);
        assertThat(post("/sql?name=s", "SELECT id, label FROM items ORDER BY id").body()).isEqualTo("[{\"id\":1,\"label\":\"one\"},{\"id\":2,\"label\":\"two\"}]");
        HttpResponse<String> error = post("/sql?name=s", "INSERT INTO items (label) VALUES ('three'); SELECT * FROM missing");
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.body()).startsWith("SqlException: ").contains("no such table: missing");
        assertThat(post("/sql?name=s", "SELECT count(*) AS n FROM items").body()).as("the failed event's insert rolled back").isEqualTo("[{\"n\":2}]");
        assertThat(post("/sql?name=s", "BEGIN").body()).contains("BEGIN is not allowed");
        assertThat(post("/sql?name=s", "SELECT * FROM __cf_kv").body()).contains("reserved");
        assertThat(post("/sql?name=s", "CREATE TRIGGER tr AFTER INSERT ON items BEGIN UPDATE items SET label = upper(label) WHERE id = new.id; END; INSERT INTO items (label) VALUES ('x')").statusCode()).isEqualTo(200);
        assertThat(post("/sql?name=s", "SELECT label FROM items WHERE id = 3").body()).isEqualTo("[{\"label\":\"X\"}]");
    }

    @Test
    void listHonoursBoundsPrefixOrderAndLimit() {
        assertThat(get("/list?name=l").body()).isEqualTo("{\"a\":\"A\",\"ab\":\"AB\",\"abc\":\"ABC\",\"b\":\"B\",\"b1\":\"B1\",\"c\":\"C\",\"z\":\"Z\",\"é\":\"É\"}");
        assertThat(get("/list?name=l&prefix=ab").body()).isEqualTo("{\"ab\":\"AB\",\"abc\":\"ABC\"}");
        assertThat(get("/list?name=l&start=b&end=c").body()).isEqualTo("{\"b\":\"B\",\"b1\":\"B1\"}");
        assertThat(get("/list?name=l&reverse&limit=2").body()).isEqualTo("{\"é\":\"É\",\"z\":\"Z\"}");
        assertThat(get("/list?name=l&start=b&reverse&limit=2").body()).isEqualTo("{\"é\":\"É\",\"z\":\"Z\"}");
        assertThat(get("/list?name=l&limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void oversizeValuesAreRefusedWithBothSidesOfTheLimit() {
        // bindings.md §2.5: SQLite classes key + value <= 2 MB; KV classes value <= 128 KiB.
        HttpResponse<String> big = get("/put?name=p&size=" + (2 * 1024 * 1024));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("key + value = 2097155 bytes > 2097152");
        assertThat(get("/put?name=p&size=1000").body()).isEqualTo("stored 1000");
        HttpResponse<String> legacy = get("/legacy/put?name=p&size=" + (128 * 1024));
        assertThat(legacy.statusCode()).isEqualTo(413);
        assertThat(legacy.body()).contains("131074 bytes > 131072");
        assertThat(get("/legacy/sql?name=p").body()).contains("the SQL API needs a SQLite-backed class");
        HttpResponse<String> longKey = get("/legacy/longkey?name=p&bytes=2049");
        assertThat(longKey.statusCode()).isEqualTo(413);
        assertThat(longKey.body()).contains("key is too long: 2049 bytes > 2048");
        assertThat(get("/legacy/longkey?name=p&bytes=2048").body()).isEqualTo("stored 1");
        // bindings.md §2.5: multi-key calls take at most 128 keys.
        assertThat(get("/bulk?name=p&n=128").body()).isEqualTo("stored 128");
        HttpResponse<String> tooMany = get("/bulk?name=p&n=129");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("put: at most 128 keys per call, got 129");
    }

    @Test
    void aConstructorThatThrowsFailsTheCallThenTheObjectWorks() {
        HttpResponse<String> first = get("/flaky?name=f");
        assertThat(first.body()).isEqualTo("caught IllegalStateException: constructor failed once");
        assertThat(get("/flaky?name=f").statusCode()).isEqualTo(200);
    }

    @Test
    void aStubIsBrokenByAnInfrastructureFailure() {
        // bindings.md §2.1: after an infrastructure exception the stub is broken; make a new stub.
        String[] outcomes = get("/broken?name=b").body().split("\n");
        assertThat(outcomes[0]).startsWith("503 ").contains("NoCtor needs a public constructor (DurableObjectState state, Env env)");
        assertThat(outcomes[1]).startsWith("503 ").contains("this Durable Object stub is broken by an earlier failure");
    }

    @Test
    void transactionsNestAndDeleteAllWipesEverything() {
        assertThat(get("/txn?name=t").body()).isEqualTo("rolled back false; 3; [kept, outer] alarm=true; after [] alarm=false tables=0");
    }

    @Test
    void writesAreDurableBeforeACallToAnotherObjectLeaves() {
        // bindings.md §2.4 rule 5: outgoing messages wait for the writes before them; those stay if the event fails.
        assertThat(get("/gate?name=g").body()).isEqualTo("thrown after the call; [before]");
    }

    @Test
    void waitUntilRunsAsALaterEventOfTheObject() {
        assertThat(get("/waited?name=w").body()).isEqualTo("not yet");
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/waited?name=w").body().equals("yes"));
    }

    @Test
    void anObjectCallingItselfIsRefusedNotDeadlocked() {
        HttpResponse<String> self = get("/self?name=c");
        assertThat(self.statusCode()).isEqualTo(500);
        assertThat(self.body()).contains("call cycle").contains("would deadlock");
        assertThat(get("/add?name=c").body()).isEqualTo("1");
    }

    @Test
    void idleObjectsAreEvictedAndRebuiltFromStorage() {
        assertThat(get("/add?name=e&n=7").body()).isEqualTo("7");
        String first = get("/instance?name=e").body();
        await().pollDelay(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(20))
                .until(() -> !get("/instance?name=e").body().equals(first));
        assertThat(get("/add?name=e&n=1").body()).as("the new instance loaded its state from storage").isEqualTo("8");
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfObjectsTouched() {
        // 100,000 distinct objects, 10,000 per request; at most kiln.do.maxLive (2,000) stay live.
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            assertThat(get("/ping?name=m" + i + "-&n=10000").body()).isEqualTo("10000");
            System.out.println("PING 10000 took " + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertThat(server.runtime().bindingHost(DurableObjects.class).orElseThrow().liveObjects()).isLessThanOrEqualTo(2_000);
        }
    }

    @Test
    void aFailingAlarmIsRetriedWithBackoffThenDropped() {
        // bindings.md §2.7: 2 s·2^n + <= 25 % jitter (base shortened to 50 ms here), <= 6 retries (7 attempts).
        int attemptsBefore = alarmLog("al").size() - 1; // the log ends with the alarm=... marker
        assertThat(get("/alarm?name=al&in=0&fail=100").body()).isEqualTo("armed");
        await().atMost(Duration.ofSeconds(30)).until(() -> alarmLog("al").size() - 1 - attemptsBefore >= 7 && alarmLog("al").contains("alarm=false"));
        List<String> log = alarmLog("al");
        List<long[]> attempts = new ArrayList<>();
        for (String entry : log.subList(attemptsBefore, log.size() - 1)) {
            String[] parts = entry.split(":");
            attempts.add(new long[] {Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]) ? 1 : 0, Long.parseLong(parts[2])});
        }
        assertThat(attempts).hasSize(7);
        for (int i = 0; i < 7; i++) {
            assertThat(attempts.get(i)[0]).as("retryCount").isEqualTo(i);
            assertThat(attempts.get(i)[1]).as("isRetry").isEqualTo(i > 0 ? 1 : 0);
            if (i > 0) {
                long gapMillis = (attempts.get(i)[2] - attempts.get(i - 1)[2]) / 1_000_000;
                assertThat(gapMillis).as("wait before retry " + i).isGreaterThanOrEqualTo(50L << (i - 1));
            }
        }
    }

    // The retry count lives with the alarm in the object's storage: a restart continues the schedule.
    @Test
    void aFailingAlarmsRetryCountSurvivesARestart() {
        System.setProperty("kiln.do.alarmRetryBase", "PT1S");
        try {
            server.close();
            start();
            assertThat(get("/alarm?name=rs&in=0&fail=100").body()).isEqualTo("armed");
            // Attempt 1 runs only after the failure of attempt 0 was recorded.
            await().atMost(Duration.ofSeconds(20)).until(() -> alarmLog("rs").stream().anyMatch(e -> e.startsWith("1:true:")));
            server.close();
            start();
            await().atMost(Duration.ofSeconds(20)).until(() -> alarmLog("rs").size() > 1);
            assertThat(Integer.parseInt(alarmLog("rs").get(0).split(":")[0])).as("retryCount after the restart").isGreaterThanOrEqualTo(1);
        } finally {
            System.setProperty("kiln.do.alarmRetryBase", "PT0.05S");
        }
    }

    @Test
    void anAlarmThatSucceedsRunsOnceAndClears() {
        int before = alarmLog("ok").size() - 1;
        assertThat(get("/alarm?name=ok&in=50&fail=1").body()).isEqualTo("armed");
        await().atMost(Duration.ofSeconds(10)).until(() -> alarmLog("ok").contains("alarm=false") && alarmLog("ok").size() - 1 - before >= 2);
        List<String> log = alarmLog("ok");
        assertThat(log.subList(before, log.size() - 1)).hasSize(2).satisfies(l -> {
            assertThat(l.get(0)).startsWith("0:false:");
            assertThat(l.get(1)).startsWith("1:true:");
        });
    }

    @Test
    void alarmsAreReArmedAfterARestart() {
        int before = alarmLog("re").size() - 1;
        assertThat(get("/alarm?name=re&in=1500").body()).isEqualTo("armed");
        server.close();
        server = WorkerFixture.serve(root, WorkerFixture.options(root), root.resolve("objects"));
        base = server.url().toString();
        await().atMost(Duration.ofSeconds(15)).until(() -> alarmLog("re").size() - 1 - before >= 1 && alarmLog("re").contains("alarm=false"));
    }

    private List<String> alarmLog(String name) {
        String body = get("/alarm/log?name=" + name).body();
        List<String> entries = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(body);
        while (m.find()) {
            entries.add(m.group(1));
        }
        return entries;
    }

    private HttpResponse<String> post(String pathAndQuery, String body) {
        return Http.post(base + pathAndQuery, body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
