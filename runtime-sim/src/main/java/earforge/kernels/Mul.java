package earforge.kernels;

import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/**
 * MUL with broadcasting and fused activation. int8 as reference_integer_ops::Mul: the product of the
 * zero-point-corrected inputs is rescaled by s1*s2/so (QuantizeMultiplier, may exceed 1).
 */
public final class Mul implements Kernel {

    public record Int8Params(int input1Offset, int input2Offset, int outputOffset, int outputMultiplier,
                             int outputShift, int actMin, int actMax, Broadcast broadcast) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor a = Check.in(g, op, 0), b = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.quantized(op, a); Check.quantized(op, b); Check.quantized(op, out);
        // mul.cc computes s1 * s2 / so in float, then widens to double.
        float real = a.quant.scale() * b.quant.scale() / out.quant.scale();
        int[] m = QuantMath.quantizeMultiplier(real);
        if (m[1] > 15) {
            // (x * y) << shift must stay in int32: |x * y| <= 65025 < 2^16.
            throw Check.fail(op, "output scale %g is too small for input scales %g and %g (multiplier 2^%d overflows int32)",
                out.quant.scale(), a.quant.scale(), b.quant.scale(), m[1]);
        }
        int[] range = QuantMath.activationRange(op.options.activation(), out.quant, -128, 127);
        return new Int8Params(-a.quant.zp(), -b.quant.zp(), out.quant.zp(), m[0], m[1], range[0], range[1],
            Broadcast.of(op, a, b, out));
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        return Broadcast.prepareBinary(g, op, Mul::evalFloat, Mul::int8Params, Mul::evalInt8);
    }

    public static void evalInt8(Int8Params p, byte[] a, byte[] b, byte[] out) {
        p.broadcast().forEach((o, i, j) -> {
            int prod = (a[i] + p.input1Offset()) * (b[j] + p.input2Offset());
            int r = QuantMath.multiplyByQuantizedMultiplier(prod, p.outputMultiplier(), p.outputShift()) + p.outputOffset();
            out[o] = (byte) QuantMath.clamp(r, p.actMin(), p.actMax());
        });
    }

    static void evalFloat(Broadcast bc, float[] a, float[] b, float[] out, float lo, float hi) {
        bc.forEach((o, i, j) -> out[o] = Math.min(Math.max(a[i] * b[j], lo), hi));
    }
}
