package dev.kiln.cli;

import dev.kiln.spi.JacksonJsonCodec;
import dev.kiln.server.AdminAccess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kiln tail [WORKER]}: streams a running Kiln's invocations (outcome, request, console output,
 * exceptions) from its admin API. Finds the API through the state directory unless given a URL and token.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Stream live invocation logs of a running Kiln.")
final class TailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WORKER", arity = "0..1", description = "Only this worker's events.")
    String worker;

    @Option(names = "--format", description = "json or pretty (default: pretty).")
    String format = "pretty";

    @Option(names = "--status", description = "ok, error or canceled; repeatable.")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--method", description = "HTTP method; repeatable.")
    List<String> methods = new ArrayList<>();

    @Option(names = "--search", description = "Only events whose console output contains this text.")
    String search;

    @Option(names = "--header", description = "Only requests with this header (NAME or NAME:VALUE).")
    String header;

    @Option(names = "--ip", description = "Only requests from this client address.")
    String ip;

    @Option(names = "--sampling-rate", description = "Fraction of events to show, 0 to 1 (default 1).")
    double samplingRate = 1;

    @Option(names = "--persist-to", paramLabel = "DIR", description = "State directory of the running Kiln (default: .wrangler/state here).")
    Path persistTo;

    @Option(names = "--admin-url", description = "Admin API URL (default: from the state directory, or KILN_ADMIN_URL).")
    String adminUrl;

    @Option(names = "--admin-token", description = "Admin API token (default: from the state directory, or KILN_ADMIN_TOKEN).")
    String adminToken;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("json") && !format.equals("pretty")) {
            throw new IllegalArgumentException("--format must be json or pretty, got '" + format + "'");
        }
        for (String s : statuses) {
            if (!List.of("ok", "error", "canceled").contains(s)) {
                throw new IllegalArgumentException("--status must be ok, error or canceled, got '" + s + "'");
            }
        }
        AdminAccess access = access();
        PrintWriter out = spec.commandLine().getOut();
        String query = worker == null ? "" : "?worker=" + URLEncoder.encode(worker, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(access.url() + "/tail" + query))
                .header("authorization", "Bearer " + access.token()).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("admin API at " + access.url() + " answered " + response.statusCode()
                        + (response.statusCode() == 401 ? ": wrong admin token" : ""));
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event = JacksonJsonCodec.mapper().readTree(line);
                    if (event.has("type") && "connected".equals(event.get("type").asString())) {
                        spec.commandLine().getErr().println("Connected to " + access.url() + "; waiting for events (Ctrl-C to stop)");
                        continue;
                    }
                    if (matches(event)) {
                        out.println(format.equals("json") ? line : pretty(event));
                        out.flush();
                    }
                }
            }
        }
        return 0;
    }

    private AdminAccess access() {
        Optional<String> url = Optional.ofNullable(adminUrl).or(() -> Optional.ofNullable(System.getenv("KILN_ADMIN_URL")));
        Optional<String> token = Optional.ofNullable(adminToken).or(() -> Optional.ofNullable(System.getenv("KILN_ADMIN_TOKEN")));
        if (url.isPresent() && token.isPresent()) {
            return new AdminAccess(url.get(), token.get());
        }
        Path state = persistTo != null ? persistTo : Path.of(".wrangler/state");
        AdminAccess stored = AdminAccess.read(state.toAbsolutePath()).orElseThrow(() -> new IllegalArgumentException(
                "no running Kiln found: " + state.toAbsolutePath() + " has no admin-url/admin-token; start `kiln dev` or pass --admin-url and --admin-token"));
        return new AdminAccess(url.orElse(stored.url()), token.orElse(stored.token()));
    }

    boolean matches(JsonNode event) {
        String outcome = event.path("outcome").asString("");
        if (!statuses.isEmpty()) {
            String status = outcome.equals("ok") ? "ok" : outcome.equals("canceled") ? "canceled" : "error";
            if (!statuses.contains(status)) {
                return false;
            }
        }
        JsonNode request = event.path("request");
        if (!methods.isEmpty() && methods.stream().noneMatch(m -> m.equalsIgnoreCase(request.path("method").asString("")))) {
            return false;
        }
        if (ip != null && !ip.equals(request.path("clientAddress").asString(""))) {
            return false;
        }
        if (header != null) {
            int colon = header.indexOf(':');
            String name = (colon < 0 ? header : header.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
            JsonNode value = request.path("headers").path(name);
            if (value.isMissingNode() || (colon >= 0 && !value.asString("").equals(header.substring(colon + 1).trim()))) {
                return false;
            }
        }
        if (search != null) {
            boolean found = false;
            for (JsonNode log : event.path("logs")) {
                found |= log.path("message").asString("").contains(search);
            }
            if (!found) {
                return false;
            }
        }
        return samplingRate >= 1 || ThreadLocalRandom.current().nextDouble() < samplingRate;
    }

    static String pretty(JsonNode event) {
        StringBuilder out = new StringBuilder();
        String time = Instant.ofEpochMilli(event.path("timestamp").asLong()).toString();
        JsonNode request = event.path("request");
        out.append(time).append(' ').append(event.path("worker").asString()).append(' ');
        if (!request.isMissingNode() && !request.isNull()) {
            out.append(request.path("method").asString()).append(' ').append(request.path("url").asString())
                    .append(" - ").append(event.path("status").asInt()).append(' ');
        } else {
            out.append(event.path("eventType").asString()).append(' ').append(event.path("cron").asString("")).append(' ');
        }
        out.append(event.path("outcome").asString()).append(" (").append(event.path("requestId").asString()).append(", ")
                .append(event.path("wallMicros").asLong() / 1000.0).append(" ms)");
        for (JsonNode log : event.path("logs")) {
            out.append("\n  (").append(log.path("level").asString()).append(") ").append(log.path("message").asString());
        }
        for (JsonNode e : event.path("exceptions")) {
            out.append("\n  ✘ ").append(e.path("name").asString()).append(": ").append(e.path("message").asString());
        }
        return out.toString();
    }

}
