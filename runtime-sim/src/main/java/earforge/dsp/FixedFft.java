package earforge.dsp;

/**
 * Fixed-point real FFT of N = 2^L points (the unnormalised DFT X[k] = sum x[n] e^{-2 pi i k n / N}, k = 0..N/2),
 * computed as a complex FFT of M = N/2 points on z[m] = x[2m] + i x[2m+1] followed by the split step.
 *
 * <p>Input contract: |x[n]| <= 2^29 (the front end normalises each frame so). Overflow is excluded by the stage-wise
 * block floating point of {@link #forward}; the split step works in int64.
 *
 * <p>Arithmetic, all of it C99 int32_t/int64_t: twiddles Q30 (table {@code twRe/twIm} = W_N^k); a complex product
 * b * W is (br*wr - bi*wi) and (br*wi + bi*wr) in int64, then {@code (p + 2^29) >> 30} (round half up, arithmetic
 * shift). Butterfly a' = a + t, b' = a - t is exact int32. Split step: E = Z[k] + conj Z[M-k], O = Z[k] - conj Z[M-k]
 * (int64), X[k] = (E - i W_N^k O) / 2 evaluated as (E * 2^30 + (-i W O)) rounded by {@code (v + 2^30) >> 31}.
 */
public final class FixedFft {
    private final int n, m, stages;
    private final int[] twRe, twIm, bitrev;
    private final int[] zr, zi;

    public FixedFft(int n, int[] twRe, int[] twIm) {
        this.n = n;
        this.m = n / 2;
        this.stages = Integer.numberOfTrailingZeros(m);
        this.twRe = twRe;
        this.twIm = twIm;
        bitrev = new int[m];
        for (int i = 0; i < m; i++) bitrev[i] = stages == 0 ? 0 : Integer.reverse(i) >>> (32 - stages);
        zr = new int[m];
        zi = new int[m];
    }

    /**
     * x[0..n) -> xr/xi[0..n/2] = DFT(x) / 2^R; returns R, the total right shift of the stage-wise block floating point.
     * Before every radix-2 stage and before the split, r = max(0, bitlen(max |component|) - 29) and all values become
     * (v + 2^(r-1)) >> r: components are then <= 2^29, a butterfly output is <= (1 + sqrt2) 2^29 < 2^31, and the split
     * output is <= (1 + sqrt2) 2^29 as well (so X^2 + Y^2 < 2^62).
     */
    public int forward(int[] x, int[] xr, int[] xi) {
        // Pack and bit-reverse: z[bitrev(j)] = x[2j] + i x[2j+1].
        int maxc = 0;
        for (int j = 0; j < m; j++) {
            zr[bitrev[j]] = x[2 * j];
            zi[bitrev[j]] = x[2 * j + 1];
            maxc = Math.max(maxc, Math.max(Math.abs(x[2 * j]), Math.abs(x[2 * j + 1])));
        }
        int shift = 0;
        // Radix-2 decimation in time; a stage of length len uses W_len^j = W_N^(j * N / len).
        for (int len = 2; len <= m; len <<= 1) {
            shift += normalise(maxc);
            maxc = 0;
            int half = len >> 1, step = n / len;
            for (int j = 0; j < half; j++) {
                long wr = twRe[j * step], wi = twIm[j * step];
                for (int a = j; a < m; a += len) {
                    int b = a + half;
                    int tr = (int) ((zr[b] * wr - zi[b] * wi + (1L << 29)) >> 30);
                    int ti = (int) ((zr[b] * wi + zi[b] * wr + (1L << 29)) >> 30);
                    int ar = zr[a], ai = zi[a];
                    zr[a] = ar + tr; zi[a] = ai + ti;
                    zr[b] = ar - tr; zi[b] = ai - ti;
                    maxc = Math.max(maxc, Math.max(Math.max(Math.abs(zr[a]), Math.abs(zi[a])),
                        Math.max(Math.abs(zr[b]), Math.abs(zi[b]))));
                }
            }
        }
        shift += normalise(maxc);
        // Split: X[0] = Re Z0 + Im Z0, X[N/2] = Re Z0 - Im Z0 (both real).
        xr[0] = zr[0] + zi[0]; xi[0] = 0;
        xr[m] = zr[0] - zi[0]; xi[m] = 0;
        for (int k = 1; k < m; k++) {
            long er = (long) zr[k] + zr[m - k], ei = (long) zi[k] - zi[m - k];   // E = Z[k] + conj Z[M-k]
            long or = (long) zr[k] - zr[m - k], oi = (long) zi[k] + zi[m - k];   // O = Z[k] - conj Z[M-k]
            long wr = twRe[k], wi = twIm[k];
            // -i W O = (wr*oi + wi*or) - i (wr*or - wi*oi)
            xr[k] = (int) (((er << 30) + wr * oi + wi * or + (1L << 30)) >> 31);
            xi[k] = (int) (((ei << 30) - (wr * or - wi * oi) + (1L << 30)) >> 31);
        }
        return shift;
    }

    /** r = max(0, bitlen(maxc) - 29); z = (z + 2^(r-1)) >> r for every value; returns r. */
    private int normalise(int maxc) {
        int r = Math.max(0, FixedMath.bitlen(maxc) - 29);
        if (r == 0) return 0;
        int half = 1 << (r - 1);
        for (int i = 0; i < m; i++) {
            zr[i] = (zr[i] + half) >> r;
            zi[i] = (zi[i] + half) >> r;
        }
        return r;
    }
}
