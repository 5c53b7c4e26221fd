package earforge.quant;

import earforge.EarforgeException;

/**
 * What calibration saw of one float tensor: min, max and (second pass, optional) a histogram of {@link #BINS} equal
 * bins spanning [min, max]. Values outside the histogram span (never the case when the same inputs are replayed)
 * fall into the end bins.
 */
public final class TensorStats {
    public static final int BINS = 2048;

    public final String name;
    public float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    public long count;
    public long[] hist;

    public TensorStats(String name) { this.name = name; }

    void observeRange(float[] v) {
        float lo = min, hi = max;
        for (float x : v) {
            if (!(x >= lo)) {
                if (Float.isNaN(x)) throw EarforgeException.of("calibration: tensor '%s' has a NaN value", name);
                lo = x;
            }
            if (x > hi) hi = x;
        }
        if (Float.isInfinite(lo) || Float.isInfinite(hi)) {
            throw EarforgeException.of("calibration: tensor '%s' reaches an infinite value", name);
        }
        min = lo;
        max = hi;
        count += v.length;
    }

    void startHistogram() { hist = new long[BINS]; }

    void observeHistogram(float[] v) {
        double width = binWidth();
        if (width == 0) { hist[0] += v.length; return; }
        for (float x : v) {
            int b = (int) ((x - min) / width);
            hist[b < 0 ? 0 : Math.min(b, BINS - 1)]++;
        }
    }

    public double binWidth() { return ((double) max - min) / BINS; }

    /** Centre of bin i. */
    public double center(int i) { return min + (i + 0.5) * binWidth(); }
}
