package dev.kiln.runtime;

import dev.kiln.config.WorkerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the worker for a request: the most specific matching route pattern, else the worker named by a
 * {@code <name>.localhost} host, else the default (first) worker. Immutable: a reload builds a new router.
 */
final class Router {

    private record Route(String host, boolean hostWildcard, String path, boolean pathWildcard, Deployment target) {
        boolean matches(String requestHost, String requestPath) {
            boolean hostOk = hostWildcard ? requestHost.endsWith(host) : requestHost.equals(host);
            boolean pathOk = pathWildcard ? requestPath.startsWith(path) : requestPath.equals(path);
            return hostOk && pathOk;
        }
    }

    private final List<Route> routes;
    private final Map<String, Deployment> byName;
    private final Deployment primary;

    /** @param deployments the live versions, the default worker first */
    public Router(List<Deployment> deployments) {
        this.byName = new LinkedHashMap<>();
        List<Route> list = new ArrayList<>();
        for (Deployment d : deployments) {
            byName.put(d.name(), d);
            for (WorkerConfig.Route r : d.config().routes()) {
                list.add(parse(r.pattern(), d));
            }
        }
        // Most specific first: a longer literal host, then a longer path, wins (Cloudflare route matching).
        list.sort(Comparator.comparingInt((Route r) -> r.host().length() + (r.hostWildcard() ? 0 : 1000)).reversed()
                .thenComparing(Comparator.comparingInt((Route r) -> r.path().length() + (r.pathWildcard() ? 0 : 1000)).reversed()));
        this.routes = List.copyOf(list);
        this.primary = deployments.stream().filter(d -> d.config().workersDev()).findFirst()
                .orElse(deployments.isEmpty() ? null : deployments.get(0));
    }

    /** @return the worker for a request to this absolute URL, whose path is given, if any worker takes it */
    public Optional<Deployment> route(String url, String path) {
        if (routes.isEmpty() && byName.size() == 1) {
            return Optional.ofNullable(primary); // one worker, no routes: no need to look at the host
        }
        String h = hostOf(url).toLowerCase(Locale.ROOT);
        for (Route r : routes) {
            if (r.matches(h, path)) {
                return Optional.of(r.target());
            }
        }
        if (h.endsWith(".localhost")) {
            Deployment named = byName.get(h.substring(0, h.length() - ".localhost".length()));
            if (named != null) {
                return Optional.of(named);
            }
        }
        return Optional.ofNullable(primary);
    }

    /** @return the live version of the named worker */
    public Optional<Deployment> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return the live versions, the default first */
    public List<Deployment> deployments() {
        return List.copyOf(byName.values());
    }

    /** @return the host of an absolute URL, without port */
    static String hostOf(String url) {
        int start = url.indexOf("//") + 2;
        int end = start;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != ':' && url.charAt(end) != '?') {
            end++;
        }
        return url.substring(start, end);
    }

    /** Parses {@code host/path} where the host may start with {@code *} and the path may end with {@code *}. */
    static Route parse(String pattern, Deployment target) {
        String p = pattern.replaceFirst("^[a-zA-Z]+://", "");
        int slash = p.indexOf('/');
        String host = (slash < 0 ? p : p.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "/*" : p.substring(slash);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        boolean hostWildcard = host.startsWith("*");
        boolean pathWildcard = path.endsWith("*");
        return new Route(hostWildcard ? host.substring(1) : host, hostWildcard,
                pathWildcard ? path.substring(0, path.length() - 1) : path, pathWildcard, target);
    }
}
