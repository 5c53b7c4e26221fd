package earforge.quant;

import earforge.ir.Quant;
import java.util.Locale;

/**
 * Range estimators: the float range [lo, hi] an activation tensor is quantized to, from its calibration statistics.
 * <ul>
 * <li>{@code minmax}: the observed min and max (the TFLite converter's choice);</li>
 * <li>{@code percentile}: the p-th and (100 - p)-th percentiles of the histogram (p = 99.99 by default), interpolated
 *     inside a bin; a tail with no values left of 0 keeps min;</li>
 * <li>{@code mse}: the range minimizing the mean squared error of int8 fake quantization (clipping plus rounding,
 *     evaluated on histogram bin centres, TFLite's scale/zero-point formulas), searched on a grid of 100 x 100
 *     shrunken ranges (only the upper end when min >= 0).</li>
 * </ul>
 */
public enum Estimator {
    MINMAX, PERCENTILE, MSE;

    public static final double DEFAULT_PERCENTILE = 99.99;
    static final int GRID = 100;

    public boolean needsHistogram() { return this != MINMAX; }

    public static Estimator parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "minmax", "min-max", "min_max" -> MINMAX;
            case "percentile" -> PERCENTILE;
            case "mse" -> MSE;
            default -> throw new earforge.EarforgeException("unknown range estimator '" + s + "' (minmax, percentile, mse)");
        };
    }

    /** {lo, hi} of the tensor. */
    public float[] range(TensorStats s, double percentile) {
        if (this == MINMAX || s.hist == null || s.max == s.min) return new float[] {s.min, s.max};
        return this == PERCENTILE ? percentile(s, percentile) : mse(s);
    }

    static float[] percentile(TensorStats s, double p) {
        double tail = (100 - p) / 100 * s.count;
        float lo = s.min >= 0 ? s.min : (float) quantile(s, tail);
        float hi = (float) quantile(s, s.count - tail);
        return new float[] {Math.min(lo, hi), Math.max(lo, hi)};
    }

    /** The value below which {@code rank} of the counted values lie, linear inside the bin. */
    static double quantile(TensorStats s, double rank) {
        double cum = 0;
        for (int i = 0; i < s.hist.length; i++) {
            long n = s.hist[i];
            if (n > 0 && cum + n >= rank) return s.min + (i + Math.max(0, rank - cum) / n) * s.binWidth();
            cum += n;
        }
        return s.max;
    }

    static float[] mse(TensorStats s) {
        float bestLo = s.min, bestHi = s.max;
        double best = Double.POSITIVE_INFINITY;
        int loSteps = s.min < 0 ? GRID : 1;
        for (int i = 0; i < loSteps; i++) {
            float lo = s.min < 0 ? (float) (s.min * (1 - (double) i / GRID)) : s.min;
            for (int j = 0; j < GRID; j++) {
                float hi = s.max > 0 ? (float) (s.max * (1 - (double) j / GRID)) : s.max;
                double e = error(s, lo, hi, best);
                if (e < best) { best = e; bestLo = lo; bestHi = hi; }
            }
        }
        return new float[] {bestLo, bestHi};
    }

    /** Sum over bins of count * (centre - fakeQuant(centre))^2; stops early once above {@code bound}. */
    static double error(TensorStats s, float lo, float hi, double bound) {
        Quant q = QuantParams.asymmetric(lo, hi);
        float scale = q.scale();
        int zp = q.zp();
        double e = 0;
        for (int i = 0; i < s.hist.length; i++) {
            long n = s.hist[i];
            if (n == 0) continue;
            double x = s.center(i);
            double d = x - QuantParams.fakeQuant(x, scale, zp);
            e += n * d * d;
            if (e > bound) return e;
        }
        return e;
    }
}
