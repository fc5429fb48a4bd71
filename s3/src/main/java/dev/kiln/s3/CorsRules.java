package dev.kiln.s3;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A bucket's CORS configuration, S3's {@code <CORSConfiguration>}: rules tried in order against a browser
 * request's origin, method and (for a preflight) requested headers; the first that allows all three answers.
 * Stored per bucket as the document {@link #toXml} writes.
 *
 * @param rules one to {@link #MAX_RULES} rules
 */
record CorsRules(List<Rule> rules) {

    /** S3 takes at most 100 rules. */
    static final int MAX_RULES = 100;
    static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "DELETE");

    /**
     * One {@code <CORSRule>}. Origins and headers may hold one {@code *} wildcard each; headers match
     * case-insensitively.
     */
    record Rule(Optional<String> id, List<String> origins, List<String> methods, List<String> headers, List<String> exposeHeaders,
                Optional<Long> maxAgeSeconds) {

        boolean allowsOrigin(String origin) {
            return origins.stream().anyMatch(pattern -> wildcardMatch(pattern, origin));
        }

        /** @return the value of {@code Access-Control-Allow-Origin} for this origin: {@code *} for a rule open to all */
        String allowOrigin(String origin) {
            return origins.contains("*") ? "*" : origin;
        }

        boolean allowsHeader(String header) {
            String lower = header.toLowerCase(Locale.ROOT);
            return headers.stream().anyMatch(pattern -> wildcardMatch(pattern.toLowerCase(Locale.ROOT), lower));
        }
    }

    /**
     * @return the first rule allowing the origin, the method and every header
     */
    Optional<Rule> match(String origin, String method, List<String> requestHeaders) {
        return rules.stream().filter(r -> r.allowsOrigin(origin) && r.methods().contains(method)
                && requestHeaders.stream().allMatch(r::allowsHeader)).findFirst();
    }

    /**
     * Reads a PutBucketCors document.
     *
     * @throws S3Exception MalformedXML for a document of the wrong shape; InvalidRequest for a method S3
     *     does not know or an origin or header with more than one wildcard
     */
    static CorsRules parse(XmlReader.Node document) {
        List<XmlReader.Node> nodes = document.all("CORSRule");
        if (nodes.isEmpty() || nodes.size() > MAX_RULES) {
            throw new S3Exception(S3Error.MALFORMED_XML, "A CORS configuration holds 1 to " + MAX_RULES + " <CORSRule> elements, got "
                    + nodes.size());
        }
        return new CorsRules(nodes.stream().map(CorsRules::rule).toList());
    }

    private static Rule rule(XmlReader.Node node) {
        List<String> origins = texts(node, "AllowedOrigin");
        List<String> methods = texts(node, "AllowedMethod");
        if (origins.isEmpty() || methods.isEmpty()) {
            throw new S3Exception(S3Error.MALFORMED_XML, "A <CORSRule> needs at least one <AllowedOrigin> and one <AllowedMethod>");
        }
        for (String method : methods) {
            if (!METHODS.contains(method)) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "Found unsupported HTTP method in CORS config. Unsupported method is "
                        + method);
            }
        }
        List<String> headers = texts(node, "AllowedHeader");
        for (String pattern : concat(origins, headers)) {
            if (pattern.indexOf('*') != pattern.lastIndexOf('*')) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "AllowedOrigin and AllowedHeader take at most one wildcard, got '"
                        + pattern + "'");
            }
        }
        Optional<Long> maxAge = node.child("MaxAgeSeconds").map(n -> {
            try {
                return Long.parseLong(n.text().trim());
            } catch (NumberFormatException e) {
                throw new S3Exception(S3Error.MALFORMED_XML, "MaxAgeSeconds must be a number, got '" + n.text() + "'");
            }
        });
        return new Rule(node.child("ID").map(XmlReader.Node::text), origins, methods, headers, texts(node, "ExposeHeader"), maxAge);
    }

    private static List<String> texts(XmlReader.Node node, String name) {
        return node.all(name).stream().map(n -> n.text().trim()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** @return the rules as a GetBucketCors document */
    byte[] toXml() {
        return XmlWriter.document("CORSConfiguration", true, w -> rules.forEach(rule -> w.element("CORSRule", r -> {
            rule.id().ifPresent(id -> r.text("ID", id));
            rule.headers().forEach(h -> r.text("AllowedHeader", h));
            rule.methods().forEach(m -> r.text("AllowedMethod", m));
            rule.origins().forEach(o -> r.text("AllowedOrigin", o));
            rule.exposeHeaders().forEach(h -> r.text("ExposeHeader", h));
            rule.maxAgeSeconds().ifPresent(s -> r.text("MaxAgeSeconds", s));
        })));
    }

    /** @return the rules stored by {@link #toXml} */
    static CorsRules fromXml(String stored) {
        return parse(XmlReader.parse(stored.getBytes(StandardCharsets.UTF_8), "CORSConfiguration"));
    }

    /** {@code *} stands for any run of characters (at most one per pattern, checked on input). */
    static boolean wildcardMatch(String pattern, String value) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(value);
        }
        String head = pattern.substring(0, star);
        String tail = pattern.substring(star + 1);
        return value.length() >= head.length() + tail.length() && value.startsWith(head) && value.endsWith(tail);
    }
}
