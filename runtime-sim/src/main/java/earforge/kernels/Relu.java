package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/**
 * RELU (and, through {@link Relu6}, RELU6). int8 as activations.cc QuantizedReluX: requantize from the input
 * to the output scale (multiplier in/out, QuantizeMultiplier) and clamp to the quantized activation range.
 */
public class Relu implements Kernel {

    public record Int8Params(int inputZeroPoint, int outputZeroPoint, int outputMultiplier, int outputShift,
                             int actMin, int actMax) {}

    /** Parameters for clamping to [actMin, actMax] in real values (actMax may be +infinity). */
    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.quantized(op, in); Check.quantized(op, out);
        float hi = op.type == OpType.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        float scale = out.quant.scale();
        int zp = out.quant.zp();
        // ReluPrepare divides the float scales in float.
        int[] m = QuantMath.quantizeMultiplier(in.quant.scale() / scale);
        int lo = Math.max(-128, zp + QuantMath.quantizeRound(0f, scale));
        int top = hi == Float.POSITIVE_INFINITY ? 127 : Math.min(127, zp + QuantMath.quantizeRound(hi, scale));
        return new Int8Params(in.quant.zp(), zp, m[0], m[1], lo, top);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.FLOAT32, DType.INT8);
        Check.type(op, out, in.type);
        Check.shape(op, out, in.shape);
        if (in.type == DType.FLOAT32) {
            float hi = op.type == OpType.RELU6 ? 6f : Float.POSITIVE_INFINITY;
            return v -> evalFloat((float[]) v[in.index], (float[]) v[out.index], hi);
        }
        Int8Params p = int8Params(g, op);
        return v -> evalInt8(p, (byte[]) v[in.index], (byte[]) v[out.index]);
    }

    public static void evalInt8(Int8Params p, byte[] in, byte[] out) {
        for (int i = 0; i < in.length; i++) {
            int r = p.outputZeroPoint()
                + QuantMath.multiplyByQuantizedMultiplier(in[i] - p.inputZeroPoint(), p.outputMultiplier(), p.outputShift());
            out[i] = (byte) QuantMath.clamp(r, p.actMin(), p.actMax());
        }
    }

    static void evalFloat(float[] in, float[] out, float hi) {
        for (int i = 0; i < in.length; i++) out[i] = Math.min(Math.max(in[i], 0f), hi);
    }
}
