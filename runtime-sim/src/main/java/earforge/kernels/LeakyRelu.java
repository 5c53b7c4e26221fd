package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;

/**
 * LEAKY_RELU: x for x > 0, alpha * x otherwise. int8 as reference_ops::QuantizeLeakyRelu: inputs at or above
 * the zero point are requantized with s_in/s_out, the others with alpha*s_in/s_out (both QuantizeMultiplier).
 */
public final class LeakyRelu implements Kernel {

    public record Int8Params(int inputZeroPoint, int outputZeroPoint, int identityMultiplier, int identityShift,
                             int alphaMultiplier, int alphaShift) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.quantized(op, in); Check.quantized(op, out);
        float alpha = ((Options.LeakyRelu) op.options).alpha();
        // LeakyReluPrepare computes both ratios in float.
        int[] ma = QuantMath.quantizeMultiplier(in.quant.scale() * alpha / out.quant.scale());
        int[] mi = QuantMath.quantizeMultiplier(in.quant.scale() / out.quant.scale());
        return new Int8Params(in.quant.zp(), out.quant.zp(), mi[0], mi[1], ma[0], ma[1]);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.FLOAT32, DType.INT8);
        Check.type(op, out, in.type);
        Check.shape(op, out, in.shape);
        if (in.type == DType.FLOAT32) {
            float alpha = ((Options.LeakyRelu) op.options).alpha();
            return v -> evalFloat((float[]) v[in.index], (float[]) v[out.index], alpha);
        }
        Int8Params p = int8Params(g, op);
        return v -> evalInt8(p, (byte[]) v[in.index], (byte[]) v[out.index]);
    }

    public static void evalInt8(Int8Params p, byte[] in, byte[] out) {
        for (int i = 0; i < in.length; i++) {
            int x = in[i] - p.inputZeroPoint();
            int r = x >= 0
                ? QuantMath.multiplyByQuantizedMultiplier(x, p.identityMultiplier(), p.identityShift())
                : QuantMath.multiplyByQuantizedMultiplier(x, p.alphaMultiplier(), p.alphaShift());
            out[i] = (byte) QuantMath.clamp(r + p.outputZeroPoint(), -128, 127);
        }
    }

    static void evalFloat(float[] in, float[] out, float alpha) {
        for (int i = 0; i < in.length; i++) out[i] = in[i] > 0 ? in[i] : in[i] * alpha;
    }
}
