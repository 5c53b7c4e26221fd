package earforge.kernels;

import earforge.ir.Activation;
import earforge.ir.Quant;

/**
 * Integer arithmetic of the TFLite quantization spec, as in TFLM's common.h / quantization_util.cc
 * (double rounding: SaturatingRoundingDoublingHighMul then RoundingDivideByPOT). The generated C
 * (earforge_quant.h) implements the same functions under the same names.
 */
public final class QuantMath {
    private QuantMath() {}

    /** (a*b*2) >> 32 rounded to nearest, saturating the single overflow case INT32_MIN*INT32_MIN. */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) return Integer.MAX_VALUE;
        long ab = (long) a * (long) b;
        long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
        return (int) ((ab + nudge) / (1L << 31));   // C++ integer division truncates toward zero, as Java's
    }

    /** Arithmetic right shift rounding half away from zero. */
    public static int roundingDivideByPOT(int x, int exponent) {
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /** x * multiplier * 2^shift with the reference kernels' double rounding. */
    public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
    }

    /** Same for a 64-bit accumulator (TFLM MultiplyByQuantizedMultiplier(int64_t, ...), used by int16 paths). */
    public static int multiplyByQuantizedMultiplier(long x, int multiplier, int shift) {
        long totalShift = 31 - shift;
        long round = 1L << (totalShift - 1);
        long result = x * (long) multiplier + round;
        result = result >> totalShift;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
    }

    /** QuantizeMultiplier: real = multiplier * 2^(shift-31), multiplier in [2^30, 2^31). Returns {multiplier, shift}. */
    public static int[] quantizeMultiplier(double real) {
        if (real == 0.0) return new int[] {0, 0};
        int shift = Math.getExponent(real) + 1;          // frexp: real = q * 2^shift, q in [0.5, 1)
        double q = real / Math.pow(2.0, shift);
        long qFixed = Math.round(q * (1L << 31));
        if (qFixed == (1L << 31)) { qFixed /= 2; shift++; }
        if (shift < -31) { shift = 0; qFixed = 0; }
        if (shift > 30) { shift = 30; qFixed = (1L << 31) - 1; }
        return new int[] {(int) qFixed, shift};
    }

    /** Clamp range of a fused activation on a quantized output (CalculateActivationRangeQuantized). */
    public static int[] activationRange(Activation act, Quant q, int qmin, int qmax) {
        float scale = q.scale();
        int zp = q.zp();
        int lo = qmin, hi = qmax;
        switch (act) {
            case RELU -> lo = Math.max(qmin, zp + quantizeRound(0f, scale));
            case RELU6 -> { lo = Math.max(qmin, zp); hi = Math.min(qmax, zp + quantizeRound(6f, scale)); }
            case RELU_N1_TO_1 -> { lo = Math.max(qmin, zp + quantizeRound(-1f, scale)); hi = Math.min(qmax, zp + quantizeRound(1f, scale)); }
            default -> { }
        }
        return new int[] {lo, hi};
    }

    /** TfLiteRound(f / scale): float division, round half away from zero. */
    public static int quantizeRound(float f, float scale) {
        return (int) roundHalfAway(f / scale);
    }

    /** std::round for float. */
    public static float roundHalfAway(float x) {
        return (float) (x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5));
    }

    public static int clamp(int x, int lo, int hi) { return x < lo ? lo : (x > hi ? hi : x); }
}
