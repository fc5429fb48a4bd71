package superinstance;

import java.util.Map;

/** A user's billing ledger, the RPC interface of {@link BillingLedger} ({@code stub.rpc(Ledger.class)}). */
public interface Ledger {

    Recorded record(UsageEvent event);

    Admission admit(String requestId);

    Map<String, Object> usage(String period);

    Map<String, Object> balance();

    Map<String, Object> topup(String reference, long amountMicros);

    Map<String, Object> flush();

    /** One billable request. {@code kind} is "local", "cloud" or "knowledge". */
    record UsageEvent(String requestId, String userId, String model, String kind, long inputTokens, long outputTokens,
            long createdAt) {
    }

    /** @param recorded false when the request id was already recorded (nothing changed) */
    record Recorded(boolean recorded, long baseMicros, long billedMicros, long balanceMicros, long pendingMicros) {
    }

    /** @param allowed whether the balance permits another escalation */
    record Admission(boolean allowed, boolean duplicate, long balanceMicros, long creditLimitMicros) {
    }
}
