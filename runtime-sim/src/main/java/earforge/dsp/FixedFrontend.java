package earforge.dsp;

import static earforge.dsp.FixedMath.roundShift;

/**
 * The on-device front end, specified in Java integer arithmetic that maps 1:1 to C99 (int32_t / int64_t, arithmetic
 * right shifts, see {@link FixedMath}). All constants come from {@link FrontendTables}. Per frame:
 * <ol>
 * <li>Frame shift s (0..16) from the frame's peak, window, FFT with fixed per-stage scaling and power
 *     ({@link FixedFft}): P[k] = |X[k]|^2 exact in int64, X = DFT(pcm/2^15 * hann) * 2^(s + 27 - R), P < 2^61.
 *     power = 1: mag = round(sqrt(P)) exact ({@link FixedMath#isqrtRound}), < 2^31, used as P below.</li>
 * <li>Sparse mel, per band b, split in the high and low 32-bit words of P: hiAcc = sum melWeight * (P >> 32),
 *     loAcc = sum melWeight * (P & (2^32 - 1)) (int64, both < 2^60: P >> 32 < 2^29, weights < 2^15, < 2^13 bins).
 *     The band value V = hiAcc * 2^32 + loAcc (< 2^92) is not formed: t = hiAcc + (loAcc >> 32) = floor(V / 2^32).</li>
 * <li>Log, in output units Q20 (int32 throughout, bounds in {@link FrontendTables}): V = 0 gives the floor. Else
 *     e = floor(log2 V), m = the top 25 bits of V (V >> (e - 24), or V << (24 - e)), idx = (m >> 16) - 256,
 *     frac = m & (2^16 - 1), (T, D) = logTable[2 idx ..];
 *     acc = e * logK - (unitShift + power * s) * logK + logBand[b] + T + ((D * frac) >> 16);
 *     F = max(acc >> 4, floorQ16), the feature in ln or dB units, Q16 (the mel value is
 *     V * 2^-(unitShift + power * s) * norm[b]). The config bounds keep |F| < 400 * 2^16 < 2^25. Silence (all-zero
 *     PCM) gives P = 0 and the floor.</li>
 * </ol>
 * Then on a matrix of frames ({@link #finish}): top-dB clip F = max(F, max(F) - topDbQ16); DCT
 * c = (sum dct * F + 2^29) >> 30 (int64, |sum| < 128 * 2^30 * 2^25 = 2^62);
 * int8 = clamp((F * quantMul + quantOffset) >> 40, -128, 127) (saturation).
 */
public final class FixedFrontend {
    public final FrontendTables t;
    private final FixedFft fft;
    /** Scratch state (not thread-safe): the last frame's bins (P or magnitude) and frame shift. */
    private final long[] p;
    private int lastShift;

    public FixedFrontend(FrontendConfig c) { this(new FrontendTables(c)); }

    public FixedFrontend(FrontendTables t) {
        this.t = t;
        fft = new FixedFft(t);
        p = new long[t.bins];
    }

    /** Diagnostics of the last {@link #frame}: bins (P or magnitude); float value = bin * {@link #binScale}. */
    public long[] lastBins() { return p.clone(); }
    public double binScale() { return Math.pow(2, -t.power * (lastShift + 27 - FixedFft.shift(t.nFft))); }

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
        int s = fft.frameShift(pcm, start);
        lastShift = s;
        fft.power(pcm, start, s, p);
        if (t.power == 1) for (int k = 0; k < t.bins; k++) p[k] = FixedMath.isqrtRound(p[k]);
        for (int b = 0; b < t.bands; b++) {
            int k0 = t.melStart[b], cnt = t.melCount[b], w0 = t.melOffset[b];
            long hiAcc = 0, loAcc = 0;
            for (int i = 0; i < cnt; i++) {
                long v = p[k0 + i], w = t.melWeight[w0 + i];
                hiAcc += (v >> 32) * w;
                loAcc += (v & 0xFFFFFFFFL) * w;
            }
            out[b] = logUnits(hiAcc, loAcc, -(t.unitShift + t.power * s) * t.logK, b);
        }
    }

    /** Step 3 for one band: floor for V == 0, else log2 of V in output units plus the frame term a and band constant. */
    int logUnits(long hiAcc, long loAcc, int a, int band) {
        long top = hiAcc + (loAcc >> 32);
        if (top == 0 && loAcc == 0) return t.floorQ16;
        int e;
        long m;
        if (FixedMath.bitlen(top) > 30) {   // V >= 2^62: its top 25 bits lie in t
            e = FixedMath.bitlen(top) - 1 + 32;
            m = top >>> (e - 32 - 24);
        } else {
            long v = (top << 32) | (loAcc & 0xFFFFFFFFL);   // = V < 2^62
            e = FixedMath.bitlen(v) - 1;
            m = e >= 24 ? v >>> (e - 24) : v << (24 - e);
        }
        int idx = (int) (m >>> 16) - 256, frac = (int) m & 0xFFFF;
        int acc = e * t.logK + a + t.logBand[band] + t.logTable[2 * idx] + ((t.logTable[2 * idx + 1] * frac) >> 16);
        return Math.max(acc >> 4, t.floorQ16);
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
