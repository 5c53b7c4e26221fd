package earforge.kernels;

/**
 * Output stage of the simulator's int8 convolutions (ConvIm2col, DepthwiseRows): per output channel,
 * out = clamp(MultiplyByQuantizedMultiplier(acc + bias) + outputOffset) with the shifts and rounding terms
 * precomputed. Same integers as QuantMath, rewritten without branches:
 * SaturatingRoundingDoublingHighMul(a, m) = floor((a * m + 2^30) / 2^31) for both signs of a * m (for a negative
 * product the reference truncates the negative (a * m + 1 - 2^30) / 2^31, i.e. takes its ceiling, which is that
 * floor); only INT32_MIN * INT32_MIN saturates, so a multiplier equal to INT32_MIN keeps QuantMath's path.
 * RoundingDivideByPOT(t, e > 0) = floor((t + 2^(e-1) - (t < 0 ? 1 : 0)) / 2^e), in long (no int overflow).
 */
final class Requant {
    private final int[] bias, leftMul, mult, right, shift;
    private final long[] round, roundNeg;
    private final int outOff, lo, hi;
    private final boolean plain;

    Requant(int[] bias, int[] multiplier, int[] shift, int outOff, int lo, int hi) {
        int n = multiplier.length;
        this.bias = bias == null ? new int[n] : bias;
        this.mult = multiplier;
        this.shift = shift;
        this.outOff = outOff; this.lo = lo; this.hi = hi;
        leftMul = new int[n]; right = new int[n]; round = new long[n]; roundNeg = new long[n];
        boolean p = false;
        for (int c = 0; c < n; c++) {
            leftMul[c] = 1 << Math.max(shift[c], 0);
            right[c] = Math.max(-shift[c], 0);
            round[c] = right[c] == 0 ? 0 : 1L << (right[c] - 1);
            roundNeg[c] = right[c] == 0 ? 0 : round[c] - 1;
            p |= multiplier[c] == Integer.MIN_VALUE;
        }
        plain = p;
    }

    /** MultiplyByQuantizedMultiplier(a) of channel c, then offset and clamp. */
    private int one(int a, int c) {
        if (plain) return QuantMath.clamp(QuantMath.multiplyByQuantizedMultiplier(a, mult[c], shift[c]) + outOff, lo, hi);
        return scale(a, leftMul[c], mult[c], round[c], roundNeg[c], right[c]);
    }

    private int scale(int a, int lm, int m, long r, long rNeg, int rs) {
        long t = ((long) (a * lm) * m + (1L << 30)) >> 31;
        int v = (int) ((t + (t < 0 ? rNeg : r)) >> rs) + outOff;
        return Math.min(Math.max(v, lo), hi);
    }

    /** out[ob + c] for one pixel's accumulators acc[c]. */
    void apply(int[] acc, byte[] out, int ob) {
        for (int c = 0; c < acc.length; c++) out[ob + c] = (byte) one(acc[c] + bias[c], c);
    }

    /** out[ob + j * channels + c] for channel-major accumulators acc[c][j], j < n. */
    void applyColumns(int[][] acc, int n, byte[] out, int ob) {
        int od = acc.length;
        for (int c = 0; c < od; c++) {
            int[] a = acc[c];
            int bc = bias[c];
            if (plain) {
                for (int j = 0; j < n; j++) out[ob + j * od + c] = (byte) one(a[j] + bc, c);
                continue;
            }
            int lm = leftMul[c], m = mult[c], rs = right[c];
            long r = round[c], rNeg = roundNeg[c];
            for (int j = 0; j < n; j++) out[ob + j * od + c] = (byte) scale(a[j] + bc, lm, m, r, rNeg, rs);
        }
    }
}
