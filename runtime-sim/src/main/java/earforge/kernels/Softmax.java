package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;

/**
 * SOFTMAX over the last dimension. int8 as reference_ops::Softmax (the REF kernel; TFLite's optimized int8
 * softmax uses a float lookup table instead and can differ by 1 LSB): differences to the row maximum are
 * scaled by beta*input_scale into Q5.26, exponentiated with gemmlowp's fixed-point exp, summed in Q12.19,
 * and each exp is multiplied by the fixed-point reciprocal of the sum. Output scale 1/256, zero point -128.
 */
public final class Softmax implements Kernel {

    /** Parameters of activations.cc SoftmaxPrepare (kReference). */
    public record Int8Params(int outer, int depth, int inputMultiplier, int inputLeftShift, int diffMin) {}

    static final int SCALED_DIFF_INTEGER_BITS = 5;
    static final int ACCUMULATION_INTEGER_BITS = 12;

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.quantized(op, in); Check.quantized(op, out);
        if (out.quant.zp() != -128 || Math.abs(out.quant.scale() - 1f / 256) > 0.001f / 256) {
            throw Check.fail(op, "int8 output '%s' must have scale 1/256 and zero point -128 (has %s)", out.name, out.quant);
        }
        double beta = ((Options.Softmax) op.options).beta();
        // PreprocessSoftmaxScaling: beta * scale * 2^(31 - 5), capped below 2^31; must exceed 1.
        double real = Math.min(beta * (double) in.quant.scale() * (1 << (31 - SCALED_DIFF_INTEGER_BITS)), (1L << 31) - 1.0);
        if (!(real > 1.0)) {
            throw Check.fail(op, "beta %g times input scale %g is too small for the int8 kernel", beta, in.quant.scale());
        }
        int[] m = QuantMath.quantizeMultiplier(real);
        // CalculateInputRadius(5, shift, 31): the largest input difference whose rescaled value fits in Q5.26.
        double radius = Math.floor(((1 << SCALED_DIFF_INTEGER_BITS) - 1) * (double) (1L << (31 - SCALED_DIFF_INTEGER_BITS))
            / (double) (1L << m[1]));
        int depth = in.dim(-1);
        return new Int8Params(in.elements() / depth, depth, m[0], m[1], -(int) radius);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        if (in.rank() < 1 || in.dim(-1) == 0) throw Check.fail(op, "input '%s' needs a non-empty last dimension", in.name);
        Check.type(op, in, DType.FLOAT32, DType.INT8);
        Check.type(op, out, in.type);
        Check.shape(op, out, in.shape);
        if (in.type == DType.FLOAT32) {
            float beta = ((Options.Softmax) op.options).beta();
            int depth = in.dim(-1), outer = in.elements() / depth;
            return v -> evalFloat((float[]) v[in.index], (float[]) v[out.index], outer, depth, beta);
        }
        Int8Params p = int8Params(g, op);
        return v -> evalInt8(p, (byte[]) v[in.index], (byte[]) v[out.index]);
    }

    public static void evalInt8(Int8Params p, byte[] in, byte[] out) {
        int depth = p.depth();
        for (int i = 0; i < p.outer(); i++) {
            int base = i * depth;
            int max = -128;
            for (int c = 0; c < depth; c++) max = Math.max(max, in[base + c]);
            int sumOfExps = 0;   // Q12.19
            for (int c = 0; c < depth; c++) {
                int diff = in[base + c] - max;
                if (diff >= p.diffMin()) {
                    int e = FixedPoint.expOnNegativeValues(scaledDiff(p, diff), SCALED_DIFF_INTEGER_BITS);
                    sumOfExps += FixedPoint.rescale(e, 0, ACCUMULATION_INTEGER_BITS);
                }
            }
            int[] rec = FixedPoint.reciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
            int shift = rec[1] + 31 - 8;
            for (int c = 0; c < depth; c++) {
                int diff = in[base + c] - max;
                int q = -128;
                if (diff >= p.diffMin()) {
                    int e = FixedPoint.expOnNegativeValues(scaledDiff(p, diff), SCALED_DIFF_INTEGER_BITS);
                    int unsat = QuantMath.roundingDivideByPOT(FixedPoint.mul(rec[0], e), shift);
                    q = QuantMath.clamp(unsat - 128, -128, 127);
                }
                out[base + c] = (byte) q;
            }
        }
    }

    /** MultiplyByQuantizedMultiplierGreaterThanOne: the difference in Q5.26 (no overflow since diff >= diffMin). */
    private static int scaledDiff(Int8Params p, int diff) {
        return QuantMath.saturatingRoundingDoublingHighMul(diff * (1 << p.inputLeftShift()), p.inputMultiplier());
    }

    /** reference_ops::Softmax for float: exp((x - max) * beta) / sum, all in float. */
    static void evalFloat(float[] in, float[] out, int outer, int depth, float beta) {
        for (int i = 0; i < outer; i++) {
            int base = i * depth;
            float max = -Float.MAX_VALUE;
            for (int c = 0; c < depth; c++) max = Math.max(max, in[base + c]);
            float sum = 0f;
            for (int c = 0; c < depth; c++) {
                float e = (float) Math.exp((in[base + c] - max) * beta);
                out[base + c] = e;
                sum += e;
            }
            for (int c = 0; c < depth; c++) out[base + c] = out[base + c] / sum;
        }
    }
}
