package superinstance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of money as whole micro-dollars ({@code long}; $1 = 1,000,000). Never a {@code double}: sums and
 * balances stay exact however many records add up.
 */
final class Money {

    static final long MICROS_PER_USD = 1_000_000L;

    private Money() {
    }

    /** @return "1.25" → 1,250,000; more than six decimals is refused rather than rounded */
    static long parseUsd(String usd) {
        try {
            return new BigDecimal(usd.trim()).movePointRight(6).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of USD with at most 6 decimals: " + usd);
        }
    }

    /** @return the amount in USD, exact (10815 → 0.010815), for JSON */
    static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }

    /** @return the amount as users see it: rounded up to a tenth of a cent (10815 → "0.011") */
    static String display(long micros) {
        return BigDecimal.valueOf(micros, 6).setScale(3, RoundingMode.CEILING).toPlainString();
    }
}
