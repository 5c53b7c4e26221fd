package earforge.quant;

import earforge.ir.Quant;
import earforge.kernels.QuantMath;

/**
 * The TFLite converter's formulas (tensorflow/lite/tools/optimize/quantization_utils.cc), in float32 as there:
 * asymmetric int8 activations, symmetric int8 weights (range +-127, zero point 0), int32 bias with scale
 * input_scale * weight_scale.
 */
public final class QuantParams {
    private QuantParams() {}

    public static final int QMIN = -128, QMAX = 127, WMAX = 127;

    /**
     * GetAsymmetricQuantizationParams: the range is widened to contain 0; scale = (max - min) / 255; zero point =
     * round(-128 - min / scale) clamped to [-128, 127]. A range of exactly [0, 0] (a tensor that is always zero)
     * gets scale 1/255 instead of the converter's unusable 0.
     */
    public static Quant asymmetric(float min, float max) {
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
        float scale = (max - min) / (float) (QMAX - QMIN);
        if (scale == 0f) return Quant.perTensor(1f / 255f, QMIN);
        float zpFromMin = QMIN - min / scale;
        long zp = zpFromMin < QMIN ? QMIN : zpFromMin > QMAX ? QMAX : (long) QuantMath.roundHalfAway(zpFromMin);
        return Quant.perTensor(scale, zp);
    }

    /** real -> int8 -> real through q (round half away from zero, clamped): the error calibration minimizes. */
    public static double fakeQuant(double x, float scale, int zp) {
        double y = x / scale;
        double q = y < 0 ? -Math.floor(-y + 0.5) : Math.floor(y + 0.5);
        q = Math.max(QMIN, Math.min(QMAX, q + zp));
        return scale * (q - zp);
    }

    /** Symmetric int8 of values v with scale half_range / 127: q = round(v * (127 / half_range)), clamped to +-127. */
    static byte quantizeSymmetric(float v, float inv) {
        int q = (int) QuantMath.roundHalfAway(v * inv);
        return (byte) Math.max(-WMAX, Math.min(WMAX, q));
    }

    /**
     * int32 bias: q = round(b * float(1 / scale)) saturated to +-(2^31 - 1), scale = float(inputScale * weightScale)
     * (SymmetricPerChannelBiasQuantize / SymmetricPerLayerBiasQuantize).
     */
    static int quantizeBias(float b, float scale) {
        float inv = scale == 0f ? 0f : (float) (1.0 / scale);
        double q = QuantMath.roundHalfAway(b * inv);
        return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, q));
    }
}
