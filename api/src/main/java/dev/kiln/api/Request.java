package dev.kiln.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An HTTP request: the one a worker receives, or one it sends with {@link ExecutionContext#fetch(Request)}.
 * Immutable, except that a streamed body is read once (see {@link Body}).
 *
 * {@snippet :
 * Request post = Request.builder("https://api.example.com/v1/items")
 *         .method("POST")
 *         .header("content-type", "application/json")
 *         .body(Body.of(Json.encode(item)))
 *         .build();
 * }
 */
public final class Request {

    private final String method;
    private final String url;
    private final Headers headers;
    private final Body body;
    private final Supplier<String> clientAddress;
    private volatile URI uri;

    private Request(Builder builder) {
        this.method = builder.method;
        this.url = builder.url;
        this.headers = builder.headers.build();
        this.body = builder.body;
        this.clientAddress = builder.clientAddress;
    }

    /**
     * @param url an absolute http or https URL
     * @return a builder for a GET of the URL
     * @throws IllegalArgumentException if the URL is not absolute http(s)
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** @return a GET request for the URL, with no headers */
    public static Request get(String url) {
        return builder(url).build();
    }

    /** @return a builder starting from this request's method, URL, headers and body */
    public Builder toBuilder() {
        Builder builder = new Builder(url).method(method).headers(headers).body(body);
        builder.clientAddress = clientAddress;
        return builder;
    }

    /** @return the method, upper-case ({@code GET}, {@code POST}, ...) */
    public String method() {
        return method;
    }

    /** @return the absolute URL, as received */
    public String url() {
        return url;
    }

    /** @return the URL parsed */
    public URI uri() {
        URI parsed = uri;
        if (parsed == null) {
            parsed = URI.create(url);
            uri = parsed;
        }
        return parsed;
    }

    /** @return the host (without port) the request was addressed to */
    public String host() {
        return uri().getHost();
    }

    /** @return the path, still percent-encoded, starting with {@code /} */
    public String path() {
        int start = url.indexOf('/', url.indexOf("//") + 2);
        if (start < 0) {
            return "/";
        }
        int end = url.indexOf('?', start);
        return end < 0 ? url.substring(start) : url.substring(start, end);
    }

    /** @return the raw query string (without {@code ?}), if there is one */
    public Optional<String> query() {
        int q = url.indexOf('?');
        return q < 0 ? Optional.empty() : Optional.of(url.substring(q + 1));
    }

    /** @return the first value of the decoded query parameter, if present */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return every decoded value of the query parameter, in order */
    public List<String> queryParams(String name) {
        Objects.requireNonNull(name);
        List<String> values = new ArrayList<>(1);
        for (String pair : query().orElse("").split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    /** @return the header fields */
    public Headers headers() {
        return headers;
    }

    /** @return the first value of the named header, if present */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** @return the body (empty for a request without one) */
    public Body body() {
        return body;
    }

    /** @return the whole body as bytes (see {@link Body#bytes()}) */
    public byte[] bytes() {
        return body.bytes();
    }

    /** @return the whole body as UTF-8 text (see {@link Body#text()}) */
    public String text() {
        return body.text();
    }

    /**
     * @return the body decoded as JSON into {@code type}
     * @throws IllegalArgumentException if the body is not valid JSON for the type
     */
    public <T> T json(Class<T> type) {
        return Json.decode(body.bytes(), type);
    }

    /** @return the address of the client that sent an incoming request; empty for requests a worker built */
    public Optional<String> clientAddress() {
        return clientAddress == null ? Optional.empty() : Optional.of(clientAddress.get());
    }

    @Override
    public String toString() {
        return method + " " + url;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Builds a {@link Request}. Not thread-safe. */
    public static final class Builder {
        private String method = "GET";
        private String url;
        private Headers.Builder headers = Headers.builder();
        private Body body = Body.empty();
        private Supplier<String> clientAddress;

        private Builder(String url) {
            url(url);
        }

        /** @throws IllegalArgumentException if the URL is not absolute http(s) */
        public Builder url(String url) {
            if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)) {
                throw new IllegalArgumentException("not an absolute http(s) URL: " + url);
            }
            this.url = url;
            return this;
        }

        /** @throws IllegalArgumentException if the method is not an HTTP token */
        public Builder method(String method) {
            if (method.isEmpty()) {
                throw new IllegalArgumentException("invalid HTTP method: ''");
            }
            boolean upper = true;
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                if (c <= 32 || c >= 127) {
                    throw new IllegalArgumentException("invalid HTTP method: '" + method + "'");
                }
                upper &= !(c >= 'a' && c <= 'z');
            }
            this.method = upper ? method : method.toUpperCase(Locale.ROOT);
            return this;
        }

        /** Replaces all headers. */
        public Builder headers(Headers headers) {
            this.headers = headers.toBuilder();
            return this;
        }

        /** Adds a header value, keeping others of the same name. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Sets the body. */
        public Builder body(Body body) {
            this.body = Objects.requireNonNull(body);
            return this;
        }

        /** Sets a UTF-8 text body. */
        public Builder body(String text) {
            return body(Body.of(text));
        }

        /** Sets the client address of an incoming request (used by Kiln's server). */
        public Builder clientAddress(String address) {
            Objects.requireNonNull(address);
            this.clientAddress = () -> address;
            return this;
        }

        /**
         * Sets the client address of an incoming request, computed on first use (Kiln's server uses this so
         * requests that never ask do not pay for it).
         */
        public Builder clientAddress(Supplier<String> address) {
            Supplier<String> source = Objects.requireNonNull(address);
            this.clientAddress = new Supplier<>() {
                private volatile String value;

                @Override
                public String get() {
                    String v = value;
                    if (v == null) {
                        v = Objects.requireNonNull(source.get(), "client address");
                        value = v;
                    }
                    return v;
                }
            };
            return this;
        }

        /** @return the request */
        public Request build() {
            return new Request(this);
        }
    }
}
