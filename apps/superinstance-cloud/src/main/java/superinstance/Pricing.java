package superinstance;

import dev.kiln.api.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Model prices and the markup per kind of request. A cost is computed exactly: the base is
 * {@code tokens × price per million tokens}, the billed amount the base times the kind's multiplier, each
 * rounded up to a whole micro-dollar only at the end.
 *
 * <p>Kinds: {@code cloud} (an escalation, ×1.03), {@code knowledge} (an escalation carrying local knowledge
 * chunks, ×1.30), {@code local} (×1.00, usage the local device runs itself at cost).
 */
final class Pricing {

    /** Prices of one model, in micro-dollars per million tokens (so $3 / M tokens is 3,000,000). */
    record ModelPrice(String model, String provider, long inputMicrosPerMillion, long outputMicrosPerMillion) {
    }

    enum Kind {
        LOCAL(10_000), CLOUD(10_300), KNOWLEDGE(13_000);

        /** The multiplier in basis points of 1 (10,300 = ×1.03). */
        final long basisPoints;

        Kind(long basisPoints) {
            this.basisPoints = basisPoints;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        BigDecimal multiplier() {
            return BigDecimal.valueOf(basisPoints, 4).stripTrailingZeros();
        }

        static Kind of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** A computed cost. */
    record Cost(long baseMicros, long billedMicros, Kind kind) {
        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("base_usd", Money.usd(baseMicros));
            out.put("billed_usd", Money.usd(billedMicros));
            out.put("multiplier", kind.multiplier());
            out.put("display_usd", Money.display(billedMicros));
            out.put("kind", kind.label());
            return out;
        }
    }

    static final Map<String, ModelPrice> DEFAULT_PRICES = Map.of(
            "claude-3-5-sonnet-20241022", new ModelPrice("claude-3-5-sonnet-20241022", "anthropic", 3_000_000, 15_000_000),
            "gpt-4-turbo", new ModelPrice("gpt-4-turbo", "openai", 10_000_000, 30_000_000));

    /** Shorthands a client may send as {@code model_preference}. */
    static final Map<String, String> ALIASES = Map.of("claude", "claude-3-5-sonnet-20241022", "gpt-4", "gpt-4-turbo");

    private final Map<String, ModelPrice> prices;

    Pricing(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(prices);
    }

    /**
     * The default prices, or those of the {@code MODEL_PRICES} var: a JSON object
     * {@code {"model-id": {"provider": "anthropic"|"openai", "input_usd_per_mtok": "3", "output_usd_per_mtok": "15"}}}.
     */
    @SuppressWarnings("unchecked")
    static Pricing fromVar(Optional<String> json) {
        if (json.isEmpty() || json.get().isBlank()) {
            return new Pricing(DEFAULT_PRICES);
        }
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        Map<String, Object> parsed = Json.parse(json.get(), Map.class);
        parsed.forEach((model, value) -> {
            Map<String, Object> p = (Map<String, Object>) value;
            prices.put(model, new ModelPrice(model, String.valueOf(p.get("provider")),
                    Money.parseUsd(String.valueOf(p.get("input_usd_per_mtok"))),
                    Money.parseUsd(String.valueOf(p.get("output_usd_per_mtok")))));
        });
        return new Pricing(prices);
    }

    /** @return the model for a preference (an alias or an exact id), if it has a price */
    Optional<ModelPrice> model(String preference) {
        return Optional.ofNullable(prices.get(ALIASES.getOrDefault(preference, preference)));
    }

    boolean knows(String model) {
        return prices.containsKey(model);
    }

    /**
     * @throws IllegalArgumentException for a model without a price
     */
    Cost cost(String model, long inputTokens, long outputTokens, Kind kind) {
        ModelPrice price = prices.get(model);
        if (price == null) {
            throw new IllegalArgumentException("no price for model " + model);
        }
        // In micro-dollars × 10^6: exact, rounded only once below.
        long base = Math.addExact(Math.multiplyExact(inputTokens, price.inputMicrosPerMillion()),
                Math.multiplyExact(outputTokens, price.outputMicrosPerMillion()));
        long billed = Math.multiplyExact(base, kind.basisPoints);
        return new Cost(ceilDiv(base, 1_000_000L), ceilDiv(billed, 1_000_000L * 10_000L), kind);
    }

    private static long ceilDiv(long x, long y) {
        return Math.ceilDiv(x, y);
    }
}
