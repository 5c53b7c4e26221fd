package earforge.verify;

/**
 * Error of one int8 tensor (dequantized) against the float model's tensor, accumulated over every value of every
 * window: cosine similarity, RMSE, SNR = 10 log10(sum f^2 / sum (f - q)^2) dB, max |f - q| (as X-CUBE-AI's validate).
 */
final class LayerError {
    private double ff, qq, fq, ee, maxAbs;
    private long n;

    void add(float[] f, float[] q) {
        for (int i = 0; i < f.length; i++) {
            double a = f[i], b = q[i], e = a - b;
            ff += a * a;
            qq += b * b;
            fq += a * b;
            ee += e * e;
            maxAbs = Math.max(maxAbs, Math.abs(e));
        }
        n += f.length;
    }

    /** Cosine similarity; 1 when both are all zero. */
    double cosine() { return ff == 0 && qq == 0 ? 1 : ff == 0 || qq == 0 ? 0 : fq / Math.sqrt(ff * qq); }

    double rmse() { return n == 0 ? 0 : Math.sqrt(ee / n); }

    /** SNR in dB; +inf (reported as null in JSON) when the error is zero. */
    double snrDb() { return ee == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(ff / ee); }

    double maxAbs() { return maxAbs; }

    long values() { return n; }
}
