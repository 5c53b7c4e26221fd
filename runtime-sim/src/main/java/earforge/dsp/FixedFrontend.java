package earforge.dsp;

import static earforge.dsp.FixedMath.bitlen;
import static earforge.dsp.FixedMath.roundShift;

/**
 * The on-device front end, specified in Java integer arithmetic that maps 1:1 to C99 (int32_t / int64_t, arithmetic
 * right shifts, see {@link FixedMath}). All constants come from {@link FrontendTables}. Per frame:
 * <ol>
 * <li>Window: v[n] = pcm[n] * window[n] (int16 x Q30 in int64, exact, |v| < 2^45).</li>
 * <li>Block floating point: s = bitlen(max |v|) - bfpBits (bfpBits = 29); x = s > 0 ? (v + 2^(s-1)) >> s : v << -s
 *     (round half up; a left shift is exact), so max |x| <= 2^29 (int32). An all-zero frame skips to the floor (no
 *     log of 0). The frame exponent is s.</li>
 * <li>Real FFT ({@link FixedFft}) with its own stage-wise block floating point: X = DFT(x) / 2^R, s += R;
 *     |Xr|, |Xi| <= (1 + sqrt2) 2^29 < 2^30.3.</li>
 * <li>power = 2: P = Xr^2 + Xi^2 exact in int64 (< 2^62). power = 1: mag = round(sqrt(P)) exact ({@link
 *     FixedMath#isqrtRound}), < 2^31.</li>
 * <li>Sparse mel, per band b: power: e = max(0, bitlen(max P over the band's bins) - melShiftLimit[b]),
 *     acc = sum melWeight * ((P + 2^(e-1)) >> e) (e = 0: P as is); magnitude: e = 0, acc = sum melWeight * mag.
 *     int64 accumulation, bounded by 2^62 (power: count * 2^15 * 2^limit; magnitude: 2^9 * 2^15 * 2^31).</li>
 * <li>Log: acc = 0 gives the floor. Else L2 = log2(acc) (Q30, {@link FixedMath#log2Q30}) + (power * s + e - unitShift)
 *     * 2^30 + melLog2NormQ24[b] * 2^6 (int64, Q30) = log2 of the float mel value; L16 = (L2 + 2^13) >> 14;
 *     F = ((L16 * logUnitQ28 + 2^27) >> 28) - refQ16; F = max(F, floorQ16). F is the feature in ln or dB units, Q16;
 *     the config bounds keep |F| < 400 * 2^16 < 2^25. (mel_float = acc * 2^(power * s + e - unitShift) * norm[b]:
 *     the window carries 2^(15 + 30) per sample, the weights 2^15.)</li>
 * </ol>
 * Then on a matrix of frames ({@link #finish}): top-dB clip F = max(F, max(F) - topDbQ16); DCT
 * c = (sum dct * F + 2^29) >> 30 (int64, |sum| < 128 * 2^30 * 2^25 = 2^62);
 * int8 = clamp((F * quantMul + quantOffset) >> 40, -128, 127) (saturation).
 */
public final class FixedFrontend {
    public final FrontendTables t;
    private final FixedFft fft;
    private final int[] x, xr, xi;
    private final long[] p;
    /** Scratch state (not thread-safe) and diagnostics of the last frame. */
    private int lastShift;
    private final int[] lastBandShift;

    public FixedFrontend(FrontendConfig c) { this(new FrontendTables(c)); }

    public FixedFrontend(FrontendTables t) {
        this.t = t;
        fft = new FixedFft(t.nFft, t.twRe, t.twIm);
        x = new int[t.nFft];
        xr = new int[t.bins];
        xi = new int[t.bins];
        p = new long[t.bins];
        lastBandShift = new int[t.bands];
    }

    /** Diagnostics of the last {@link #frame}: bins (P or magnitude), total frame shift s, per-band shifts e. */
    public long[] lastBins() { return p.clone(); }
    public int lastShift() { return lastShift; }
    public int[] lastBandShift() { return lastBandShift.clone(); }

    /** Log-mel of every frame of an int16 signal (centre padding per config): [frames][bands], Q16. */
    public int[][] logMel(short[] pcm) {
        short[] s = Framing.pad(pcm, t.cfg);
        int frames = Framing.frames(t.cfg, pcm.length);
        int[][] out = new int[frames][t.bands];
        for (int f = 0; f < frames; f++) frame(s, f * t.cfg.hop(), out[f]);
        return out;
    }

    /** One frame: pcm[start .. start + nFft) (the window sits at windowOffset) -> out[bands] Q16 log-mel. */
    public void frame(short[] pcm, int start, int[] out) {
        int off = start + t.windowOffset;
        // 1. Window (exact int64) and the frame peak.
        long max = 0;
        for (int n = 0; n < t.frameLength; n++) {
            long v = (long) pcm[off + n] * t.window[n];
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0) {
            java.util.Arrays.fill(out, t.floorQ16);
            lastShift = 0;
            return;
        }
        // 2. Block floating point: one exponent s per frame.
        int s = bitlen(max) - t.bfpBits;
        java.util.Arrays.fill(x, 0);
        for (int n = 0; n < t.frameLength; n++) {
            long v = (long) pcm[off + n] * t.window[n];
            x[t.windowOffset + n] = (int) (s > 0 ? roundShift(v, s) : v << -s);
        }
        // 3. FFT (its block-floating-point shifts add to the frame exponent); 4. power (exact) or rounded magnitude.
        s += fft.forward(x, xr, xi);
        for (int k = 0; k < t.bins; k++) {
            long pw = (long) xr[k] * xr[k] + (long) xi[k] * xi[k];
            p[k] = t.power == 2 ? pw : FixedMath.isqrtRound(pw);
        }
        lastShift = s;
        // 5. Sparse mel with a per-band shift; 6. log.
        for (int b = 0; b < t.bands; b++) {
            int k0 = t.melStart[b], cnt = t.melCount[b], w0 = t.melOffset[b];
            int e = 0;
            if (t.power == 2) {
                long bandMax = 0;
                for (int i = 0; i < cnt; i++) bandMax = Math.max(bandMax, p[k0 + i]);
                e = Math.max(0, bitlen(bandMax) - t.melShiftLimit[b]);
            }
            lastBandShift[b] = e;
            long acc = 0;
            for (int i = 0; i < cnt; i++) {
                long v = e > 0 ? roundShift(p[k0 + i], e) : p[k0 + i];
                acc += t.melWeight[w0 + i] * v;
            }
            out[b] = logUnits(acc, t.power * s + e - t.unitShift, b);
        }
    }

    /** Step 6 for one band: floor for acc == 0, else log2 + exponent + band constant, converted to output units. */
    int logUnits(long acc, int exponent, int band) {
        if (acc <= 0) return t.floorQ16;
        long l2 = FixedMath.log2Q30(acc, t.log2Table) + ((long) exponent << 30) + ((long) t.melLog2NormQ24[band] << 6);
        long l16 = roundShift(l2, 14);
        int f = (int) (roundShift(l16 * t.logUnitQ28, 28) - t.refQ16);
        return Math.max(f, t.floorQ16);
    }

    /** Top-dB clip over the whole matrix, then the DCT: [frames][bands] Q16 -> [frames][channels] Q16 (new arrays). */
    public int[][] finish(int[][] logMel) {
        int frames = logMel.length;
        int[][] a = new int[frames][];
        for (int f = 0; f < frames; f++) a[f] = logMel[f].clone();
        if (t.topDbQ16 >= 0 && frames > 0) {
            int max = Integer.MIN_VALUE;
            for (int[] r : a) for (int v : r) max = Math.max(max, v);
            int lo = max - t.topDbQ16;
            for (int[] r : a) for (int i = 0; i < r.length; i++) r[i] = Math.max(r[i], lo);
        }
        if (t.coeffs == 0) return a;
        int[][] c = new int[frames][t.coeffs];
        for (int f = 0; f < frames; f++) {
            for (int j = 0; j < t.coeffs; j++) {
                long acc = 0;
                for (int b = 0; b < t.bands; b++) acc += (long) t.dct[j * t.bands + b] * a[f][b];
                c[f][j] = (int) roundShift(acc, 30);
            }
        }
        return c;
    }

    /** int8 model input: clamp((F * quantMul + quantOffset) >> 40, -128, 127) per channel. */
    public byte[][] quantize(int[][] features) {
        byte[][] q = new byte[features.length][t.channels];
        for (int f = 0; f < features.length; f++) {
            for (int ch = 0; ch < t.channels; ch++) {
                long v = ((long) features[f][ch] * t.quantMul[ch] + t.quantOffset[ch]) >> FrontendTables.QUANT_SHIFT;
                q[f][ch] = (byte) Math.max(-128, Math.min(127, v));
            }
        }
        return q;
    }

    /**
     * Model inputs: for each window start ({@link Framing#windowStarts}) the frames [start, start + framesPerWindow),
     * missing frames past the end are silence (the floor); finish + quantize -> [windows][frames][channels].
     */
    public byte[][][] modelInputs(int[][] logMel) {
        int fpw = t.cfg.framesPerWindow();
        int[] starts = Framing.windowStarts(t.cfg, logMel.length);
        byte[][][] out = new byte[starts.length][][];
        for (int w = 0; w < starts.length; w++) {
            int[][] win = new int[fpw][];
            for (int i = 0; i < fpw; i++) {
                int f = starts[w] + i;
                if (f < logMel.length) {
                    win[i] = logMel[f];
                } else {
                    win[i] = new int[t.bands];
                    java.util.Arrays.fill(win[i], t.floorQ16);
                }
            }
            out[w] = quantize(finish(win));
        }
        return out;
    }

    /** Q16 -> double (for comparisons and float output). */
    public static double[][] toDouble(int[][] q16) {
        double[][] d = new double[q16.length][];
        for (int f = 0; f < q16.length; f++) {
            d[f] = new double[q16[f].length];
            for (int i = 0; i < d[f].length; i++) d[f][i] = q16[f][i] / 65536.0;
        }
        return d;
    }
}
