package dev.kiln.s3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What authentication and routing need of an HTTP request, independent of the server: the method, the path
 * and query exactly as sent, and the headers by lower-case name.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent (without {@code ?}), still percent-encoded; empty if none
 * @param headers header values by lower-case name, in arrival order
 */
public record S3Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

    public S3Request {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        headers = lower;
    }

    /** @return the first value of a header */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the query parameters, decoded, in order; a parameter without {@code =} has the value "" */
    public List<Map.Entry<String, String>> queryParameters() {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(Map.entry(SigV4.percentDecode(name), SigV4.percentDecode(value)));
        }
        return params;
    }

    /** @return the first value of a query parameter */
    public Optional<String> query(String name) {
        return queryParameters().stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    /** @return whether the query has the parameter, with or without a value */
    public boolean hasQuery(String name) {
        return query(name).isPresent();
    }
}
