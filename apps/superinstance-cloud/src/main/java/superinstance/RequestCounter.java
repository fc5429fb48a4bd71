package superinstance;

/** Counts requests in fixed windows; the RPC interface of {@link RateLimitCounter}. */
public interface RequestCounter {

    /** Counts one request if the current window has room. */
    Decision take(int limit, long windowMs);

    /**
     * @param resetAtMs when the current window ends (epoch milliseconds)
     */
    record Decision(boolean allowed, int limit, int remaining, long resetAtMs) {
    }
}
