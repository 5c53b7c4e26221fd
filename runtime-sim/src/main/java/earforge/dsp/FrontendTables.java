package earforge.dsp;

import earforge.EarforgeException;

/**
 * THE table builder of the fixed-point front end: {@link FixedFrontend} runs on these arrays and the C emitter emits
 * them verbatim (every table is a plain int array; values are exact results of the rounding stated here, so Java and
 * C share them bit for bit). Rounding of real constants is Math.rint (half to even) of the exact double value.
 *
 * <pre>
 * window[nFft]              Q28  periodic Hann of frameLength at windowOffset, zero elsewhere: round(w * 2^28). The
 *                                 FFT multiplies it with int16 samples as SMULWB does, (w * pcm) >> 16, then shifts by
 *                                 the frame shift: the window keeps 28 bits (a Q15 window failed the goals: full-scale
 *                                 sine SNR 30 dB, kws int8 up to 10 LSB off)
 * fftWindow[nFft]            Q28  the window in the order the first FFT stage reads it: [8g + 2k + c] =
 *                                 window[fftStart[g] + k M/2 + c] (k = 0..3, c = 0 re, 1 im)
 * fftStart[M/4]                   first sample of D4 group g ({@link FixedFft}), M = nFft/2, G = 4 or 8 (the first
 *                                 stage's radix): G = 4: 2 bitrev_M(4g); G = 8: 2 bitrev_M(8 (g >> 1)) + (g & 1) M/4
 * fftTw[...]                 Q30  radix-4 stages L = 4G, 16G, .. <= M, per j < L/4: W^j, W^3j, W^2j (re, im each) of
 *                                 W = exp(-2 pi i / L), round(cos * 2^30), round(-sin * 2^30)
 * splitTw[M]                 Q31  W_N^k (re, im) at [2k], k < M/2 (k = 0 unused), round(* 2^31); |.| < 1 for k >= 1
 * melStart/melCount/melOffset     sparse filterbank: band b uses bins melStart[b] .. + melCount[b] - 1 with weights
 * melWeight[...]             Q15  melWeight[melOffset[b] + i], triangle shape (peak <= 1, no Slaney factor), 1.0
 *                                 saturates to 32767; leading/trailing zero weights are trimmed (count may be 0)
 * logBand[b]                Q20  round((log2(Slaney factor of band b) (0 without norm) * unit - ref) * 2^20) + 8 (the
 *                                 + 8 rounds the final >> 4), unit = 10 log10 2 (db) or ln 2 (ln), ref in units
 * logTable[512]              Q20  pairs (T[i], T[i + 1] - T[i]), T[i] = round(log2(1 + i / 256) * unit * 2^20),
 *                                 i = 0..255 (T[256] = logK)
 * dct[coeffs * bands]        Q30  DCT-II matrix, row-major [coef][band]
 * quantMul[ch] (int32), quantOffset[ch] (int64), QUANT_SHIFT = 40:
 *                                 int8 = clamp((F_Q16 * quantMul + quantOffset) >> 40, -128, 127), i.e. floor of
 *                                 (F - mean) / std / scale + zp + 0.5 with the 0.5 folded into quantOffset
 * </pre>
 * Scalar constants: {@link #unitShift}, {@link #logK}, {@link #floorQ16}, {@link #topDbQ16}.
 */
public final class FrontendTables {
    public static final int WINDOW_Q = 28, TWIDDLE_Q = 30, MEL_Q = 15, LOG_Q = 20, OUT_Q = 16, DCT_Q = 30;
    public static final int QUANT_SHIFT = 40;
    /** int16 PCM is Q15 of the [-1, 1) float audio. */
    public static final int PCM_Q = 15;

    public final FrontendConfig cfg;
    public final int nFft, log2N, bins, frameLength, windowOffset, bands, coeffs, channels, power;
    /** mel_float = mel_fixed * 2^-(unitShift + power * s): unitShift = 15 (mel weights) + power * (27 - R),
     *  X = DFT * 2^(s + 27 - R), s the frame shift ({@link FixedFft}). */
    public final int unitShift;
    public final int[] window, fftWindow, fftStart, fftTw, splitTw, melStart, melCount, melOffset, melWeight, logBand;
    public final int[] logTable, dct, quantMul;
    public final long[] quantOffset;
    /** One octave in output units, Q20: round(unit * 2^20), unit = 10 log10 2 (db) or ln 2 (ln). */
    public final int logK;
    /** The floor in output units, Q16: ln(floor), or 10 log10(floor) - 10 log10(max(ref, floor)). */
    public final int floorQ16;
    /** topDb in output units Q16, or -1 when off. */
    public final int topDbQ16;

    public FrontendTables(FrontendConfig c) {
        cfg = c;
        nFft = c.nFft();
        log2N = Integer.numberOfTrailingZeros(nFft);
        bins = nFft / 2 + 1;
        frameLength = c.frameLength();
        windowOffset = c.framing().equals("tf") ? 0 : (nFft - frameLength) / 2;
        bands = c.melBands();
        coeffs = c.dct();
        channels = c.channels();
        power = (int) c.power();
        unitShift = MEL_Q + power * (27 - FixedFft.shift(nFft));

        window = new int[nFft];
        double[] hann = MelTables.hann(frameLength);
        for (int i = 0; i < frameLength; i++) window[windowOffset + i] = (int) Math.rint(hann[i] * (1 << WINDOW_Q));

        int m = nFft / 2, log2M = Integer.numberOfTrailingZeros(m);
        int radix = FixedFft.firstRadix(nFft);
        fftStart = new int[m / 4];
        for (int g = 0; g < m / 4; g++) {
            fftStart[g] = radix == 4 ? 2 * (Integer.reverse(4 * g) >>> (32 - log2M))
                : 2 * (Integer.reverse(8 * (g >> 1)) >>> (32 - log2M)) + (g & 1) * (m / 4);
        }
        fftWindow = new int[nFft];
        for (int g = 0; g < m / 4; g++) {
            for (int k = 0; k < 8; k++) fftWindow[8 * g + k] = window[fftStart[g] + (k >> 1) * (m / 2) + (k & 1)];
        }
        int tw = 0;
        for (int len = 4 * radix; len <= m; len <<= 2) tw += 6 * (len / 4);
        fftTw = new int[tw];
        tw = 0;
        for (int len = 4 * radix; len <= m; len <<= 2) {
            for (int j = 0; j < len / 4; j++) {
                for (int e : new int[] {j, 3 * j, 2 * j}) {
                    double a = 2 * Math.PI * e / len;
                    fftTw[tw++] = (int) Math.rint(Math.cos(a) * (1 << TWIDDLE_Q));
                    fftTw[tw++] = (int) Math.rint(-Math.sin(a) * (1 << TWIDDLE_Q));
                }
            }
        }
        splitTw = new int[m];
        for (int k = 1; k < m / 2; k++) {
            splitTw[2 * k] = q31(Math.cos(2 * Math.PI * k / nFft));
            splitTw[2 * k + 1] = q31(-Math.sin(2 * Math.PI * k / nFft));
        }

        double[][] tri = MelTables.triangles(c);
        double[] norm = MelTables.bandNorm(c);
        melStart = new int[bands];
        melCount = new int[bands];
        melOffset = new int[bands];
        double[] log2Norm = new double[bands];
        int[][] q = new int[bands][];
        int total = 0;
        for (int b = 0; b < bands; b++) {
            q[b] = new int[bins];
            int first = -1, last = -1;
            for (int k = 0; k < bins; k++) {
                q[b][k] = (int) Math.min(32767, Math.rint(tri[b][k] * (1 << MEL_Q)));
                if (q[b][k] != 0) { if (first < 0) first = k; last = k; }
            }
            melStart[b] = Math.max(first, 0);
            melCount[b] = first < 0 ? 0 : last - first + 1;
            melOffset[b] = total;
            total += melCount[b];
            log2Norm[b] = Math.log(norm[b]) / Math.log(2);
        }
        melWeight = new int[total];
        for (int b = 0; b < bands; b++) {
            System.arraycopy(q[b], melStart[b], melWeight, melOffset[b], melCount[b]);
        }

        double[][] d = coeffs > 0 ? MelTables.dct(coeffs, bands, c.dctNorm()) : new double[0][0];
        dct = new int[coeffs * bands];
        for (int j = 0; j < coeffs; j++) {
            for (int b = 0; b < bands; b++) dct[j * bands + b] = (int) Math.rint(d[j][b] * (1 << DCT_Q));
        }

        boolean db = c.isDb();
        double unit = db ? 10 * Math.log10(2) : Math.log(2);
        double ref = db ? 10 * Math.log10(Math.max(c.dbRef(), c.logFloor())) : 0;
        double floor = db ? 10 * Math.log10(c.logFloor()) - ref : Math.log(c.logFloor());
        floorQ16 = (int) Math.rint(floor * (1 << OUT_Q));
        logK = (int) Math.rint(unit * (1 << LOG_Q));
        logTable = new int[512];
        int[] tl = new int[257];
        for (int i = 0; i <= 256; i++) tl[i] = (int) Math.rint(Math.log1p(i / 256.0) / Math.log(2) * unit * (1 << LOG_Q));
        for (int i = 0; i < 256; i++) {
            logTable[2 * i] = tl[i];
            logTable[2 * i + 1] = tl[i + 1] - tl[i];   // < 2^15: (D * frac16) stays in int32
        }
        logBand = new int[bands];
        long worst = 0;
        for (int b = 0; b < bands; b++) {
            logBand[b] = (int) Math.rint((log2Norm[b] * unit - ref) * (1 << LOG_Q)) + 8;
            worst = Math.max(worst, Math.abs((long) logBand[b]));
        }
        // FixedFrontend.logUnits sums e * logK (e < 92), -(unitShift + power * 16) * logK, logBand and T + D: int32
        worst += (92L + unitShift + power * 16L + 1) * logK;
        if (worst >= 1L << 31) throw EarforgeException.of("front end %s: log constants out of the int32 range", c.name());
        topDbQ16 = c.topDb() == null ? -1 : (int) Math.rint(c.topDb() * (1 << OUT_Q));

        quantMul = new int[channels];
        quantOffset = new long[channels];
        for (int ch = 0; ch < channels; ch++) {
            double mean = c.normMean() == null ? 0 : c.normMean()[ch];
            double std = c.normStd() == null ? 1 : c.normStd()[ch];
            double a = 1.0 / (std * c.inputScale() * (1 << OUT_Q));
            double o = c.inputZeroPoint() + 0.5 - mean / (std * c.inputScale());
            // |a| < 2^-9 keeps quantMul in int32 and the product F * quantMul (|F| < 2^25) below 2^56.
            if (a >= 1.0 / 512 || Math.abs(o) >= (1 << 22)) {
                throw EarforgeException.of("front end %s: int8 mapping of channel %d out of range (inputScale * normStd "
                    + "must be >= 1/128 and |mean / (std * scale)| < 2^22)", c.name(), ch);
            }
            quantMul[ch] = (int) Math.rint(a * Math.pow(2, QUANT_SHIFT));
            quantOffset[ch] = Math.round(o * Math.pow(2, QUANT_SHIFT));
        }
    }

    /** round(v * 2^31) for |v| <= 1, 1.0 clamped to 2^31 - 1 (int32). */
    static int q31(double v) { return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(v * 2147483648.0))); }
}
