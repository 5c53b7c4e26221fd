package earforge.kernels;

import java.util.function.DoubleUnaryOperator;

/**
 * 256-entry int8 lookup tables as TFLite's LUTPopulate&lt;int8_t&gt;: every input value is dequantized in
 * float, transformed, divided by the output scale (as a multiplication by its float inverse), rounded half
 * away from zero, offset by the output zero point and clamped. The table is indexed by the input byte read
 * as unsigned ({@code x & 0xFF}), the order TFLite uses, so the generated C can emit it verbatim.
 */
public final class Lut {
    private Lut() {}

    /** {@code f} receives and returns float values (it is given a float widened to double). */
    public static byte[] int8(float inScale, int inZp, float outScale, int outZp, DoubleUnaryOperator f) {
        byte[] lut = new byte[256];
        float inverseScale = 1f / outScale;
        for (int v = -128; v <= 127; v++) {
            float dequantized = inScale * (float) (v - inZp);
            float transformed = (float) f.applyAsDouble(dequantized);
            float rescaled = QuantMath.roundHalfAway(transformed * inverseScale);
            int q = (int) (rescaled + (float) outZp);
            lut[v & 0xFF] = (byte) QuantMath.clamp(q, -128, 127);
        }
        return lut;
    }

    public static void apply(byte[] lut, byte[] in, byte[] out) {
        for (int i = 0; i < in.length; i++) out[i] = lut[in[i] & 0xFF];
    }
}
