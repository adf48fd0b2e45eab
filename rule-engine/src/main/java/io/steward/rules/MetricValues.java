package io.steward.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How metric values are shown to people, in messages and in the command line's table. */
public final class MetricValues {

    private MetricValues() {
    }

    /** At most six decimals, no trailing zeros; NaN and infinities as Java writes them. */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
