package earforge.dsp;

import earforge.EarforgeException;

/**
 * THE table builder of the fixed-point front end: {@link FixedFrontend} runs on these arrays and the C emitter emits
 * them verbatim (every table is a plain int array; values are exact results of the rounding stated here, so Java and
 * C share them bit for bit). Rounding of real constants is Math.rint (half to even) of the exact double value.
 *
 * <pre>
 * window[frameLength]        Q30  periodic Hann, round(w * 2^30); 1.0 = 2^30 exactly fits int32. Not Q15: a Q15
 *                                 window is a 16-bit quantisation of the windowed signal whose noise equals the int16
 *                                 input's own; measured with Q15 the goals fail (full-scale sine SNR 30 dB, max error
 *                                 8.5 dB, kws int8 up to 10 LSB off); with Q30 they hold (85 dB)
 * twRe[nFft/2], twIm[nFft/2] Q30  W_N^k = exp(-2 pi i k / N): round(cos * 2^30), round(-sin * 2^30)
 * melStart/melCount/melOffset     sparse filterbank: band b uses bins melStart[b] .. + melCount[b] - 1 with weights
 * melWeight[...]             Q15  melWeight[melOffset[b] + i], triangle shape (peak <= 1, no Slaney factor), 1.0
 *                                 saturates to 32767; leading/trailing zero weights are trimmed (count may be 0)
 * melShiftLimit[b]                47 - bitlen(melCount[b]): power bins are shifted so that bitlen(P >> e) <= limit,
 *                                 which bounds the band sum by 2^62 (no int64 overflow)
 * melLog2NormQ24[b]          Q24  log2(Slaney factor of band b) (0 without norm), added in the log domain
 * log2Table[257]             Q30  round(log2(1 + i / 256) * 2^30), i = 0..256
 * dct[coeffs * bands]        Q30  DCT-II matrix, row-major [coef][band]
 * quantMul[ch] (int32), quantOffset[ch] (int64), QUANT_SHIFT = 40:
 *                                 int8 = clamp((F_Q16 * quantMul + quantOffset) >> 40, -128, 127), i.e. floor of
 *                                 (F - mean) / std / scale + zp + 0.5 with the 0.5 folded into quantOffset
 * </pre>
 * Scalar constants: {@link #bfpBits} (frame peak after block-floating-point normalisation is <= 2^bfpBits),
 * {@link #unitShift}, {@link #logUnitQ28}, {@link #refQ16}, {@link #floorQ16}, {@link #topDbQ16}.
 */
public final class FrontendTables {
    public static final int WINDOW_Q = 30, TWIDDLE_Q = 30, MEL_Q = 15, LOG2_Q = 30, NORM_Q = 24, OUT_Q = 16, DCT_Q = 30;
    public static final int QUANT_SHIFT = 40;
    /** int16 PCM is Q15 of the [-1, 1) float audio. */
    public static final int PCM_Q = 15;

    public final FrontendConfig cfg;
    public final int nFft, log2N, bins, frameLength, windowOffset, bands, coeffs, channels, power;
    /** Block floating point target: after normalisation every windowed sample has |x| <= 2^bfpBits = 2^29 (the FFT
     *  then rescales per stage as needed, see {@link FixedFft}). */
    public final int bfpBits;
    /** mel_float = mel_fixed * 2^(power * s + e - unitShift), s = frame shift, e = band shift. unitShift = 15 (mel
     *  weights) + power * (PCM_Q + WINDOW_Q). */
    public final int unitShift;
    public final int[] window, twRe, twIm, melStart, melCount, melOffset, melWeight, melShiftLimit, melLog2NormQ24;
    public final int[] log2Table, dct, quantMul;
    public final long[] quantOffset;
    /** Converts log2 (Q16) to the output unit: ln 2 or 10 log10 2, Q28. */
    public final int logUnitQ28;
    /** db: 10 log10(max(dbRef, floor)) in Q16 (subtracted); ln: 0. */
    public final int refQ16;
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
        bfpBits = 29;
        unitShift = MEL_Q + power * (PCM_Q + WINDOW_Q);

        window = new int[frameLength];
        double[] hann = MelTables.hann(frameLength);
        for (int i = 0; i < frameLength; i++) window[i] = (int) Math.rint(hann[i] * (1 << WINDOW_Q));

        twRe = new int[nFft / 2];
        twIm = new int[nFft / 2];
        for (int k = 0; k < nFft / 2; k++) {
            double a = 2 * Math.PI * k / nFft;
            twRe[k] = (int) Math.rint(Math.cos(a) * (1 << TWIDDLE_Q));
            twIm[k] = (int) Math.rint(-Math.sin(a) * (1 << TWIDDLE_Q));
        }

        double[][] tri = MelTables.triangles(c);
        double[] norm = MelTables.bandNorm(c);
        melStart = new int[bands];
        melCount = new int[bands];
        melOffset = new int[bands];
        melShiftLimit = new int[bands];
        melLog2NormQ24 = new int[bands];
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
            melShiftLimit[b] = 47 - (32 - Integer.numberOfLeadingZeros(melCount[b]));
            melLog2NormQ24[b] = (int) Math.rint(Math.log(norm[b]) / Math.log(2) * (1 << NORM_Q));
        }
        melWeight = new int[total];
        for (int b = 0; b < bands; b++) {
            System.arraycopy(q[b], melStart[b], melWeight, melOffset[b], melCount[b]);
        }

        log2Table = new int[257];
        for (int i = 0; i <= 256; i++) log2Table[i] = (int) Math.rint(Math.log1p(i / 256.0) / Math.log(2) * (1 << LOG2_Q));

        double[][] d = coeffs > 0 ? MelTables.dct(coeffs, bands, c.dctNorm()) : new double[0][0];
        dct = new int[coeffs * bands];
        for (int j = 0; j < coeffs; j++) {
            for (int b = 0; b < bands; b++) dct[j * bands + b] = (int) Math.rint(d[j][b] * (1 << DCT_Q));
        }

        boolean db = c.isDb();
        double unit = db ? 10 * Math.log10(2) : Math.log(2);
        logUnitQ28 = (int) Math.rint(unit * (1 << 28));
        double ref = db ? 10 * Math.log10(Math.max(c.dbRef(), c.logFloor())) : 0;
        refQ16 = (int) Math.rint(ref * (1 << OUT_Q));
        double floor = db ? 10 * Math.log10(c.logFloor()) - ref : Math.log(c.logFloor());
        floorQ16 = (int) Math.rint(floor * (1 << OUT_Q));
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
}
