package dev.kiln.bindings.ratelimit;

import dev.kiln.config.Binding;

/**
 * A {@code [[ratelimits]]} entry (or a legacy {@code [[unsafe.bindings]]} one of type {@code ratelimit}): target
 * is the namespace id.
 *
 * @param limit calls allowed per key in each period
 * @param period the period in seconds, 10 or 60
 */
public record RateLimitBinding(String name, String namespaceId, long limit, int period) implements Binding {

    @Override
    public String type() {
        return RateLimitKind.TYPE;
    }

    @Override
    public String target() {
        return namespaceId;
    }
}
