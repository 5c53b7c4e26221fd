package earforge.kernels;

import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/**
 * ADD with broadcasting and fused activation. int8 as reference_integer_ops::AddFunc: both inputs are shifted
 * left by 20 bits, rescaled to a common scale (twice the larger input scale), summed and rescaled to the output.
 */
public final class Add implements Kernel {

    /** Parameters of kernels/add.cc Prepare (8-bit path), computed once. */
    public record Int8Params(int input1Offset, int input2Offset, int outputOffset, int leftShift,
                             int input1Multiplier, int input1Shift, int input2Multiplier, int input2Shift,
                             int outputMultiplier, int outputShift, int actMin, int actMax, Broadcast broadcast) {}

    public static final int LEFT_SHIFT = 20;

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor a = Check.in(g, op, 0), b = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.quantized(op, a); Check.quantized(op, b); Check.quantized(op, out);
        float sa = a.quant.scale(), sb = b.quant.scale(), so = out.quant.scale();
        // 2 * max(float, float) is exact in float; the ratios are taken in double, as add.cc does.
        double twiceMax = 2.0 * Math.max(sa, sb);
        int[] m1 = QuantMath.quantizeMultiplier(sa / twiceMax);
        int[] m2 = QuantMath.quantizeMultiplier(sb / twiceMax);
        double realOut = twiceMax / (double) ((1 << LEFT_SHIFT) * so);   // (1 << 20) * scale is a float product
        if (!(realOut < 1.0)) {
            throw Check.fail(op, "output scale %g is too small for input scales %g and %g (TFLite requires "
                + "2*max(input scales) < 2^20 * output scale)", so, sa, sb);
        }
        int[] mo = QuantMath.quantizeMultiplier(realOut);
        int[] range = QuantMath.activationRange(op.options.activation(), out.quant, -128, 127);
        return new Int8Params(-a.quant.zp(), -b.quant.zp(), out.quant.zp(), LEFT_SHIFT, m1[0], m1[1], m2[0], m2[1],
            mo[0], mo[1], range[0], range[1], Broadcast.of(op, a, b, out));
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        return Broadcast.prepareBinary(g, op, Add::evalFloat, Add::int8Params, Add::evalInt8);
    }

    public static void evalInt8(Int8Params p, byte[] a, byte[] b, byte[] out) {
        p.broadcast().forEach((o, i, j) -> out[o] = (byte) add(p, a[i], b[j]));
    }

    /** One element; int32 arithmetic cannot overflow: |x - zp| <= 255, 255 << 20 < 2^28. */
    static int add(Int8Params p, int x, int y) {
        int v1 = (x + p.input1Offset()) << p.leftShift();
        int v2 = (y + p.input2Offset()) << p.leftShift();
        int s1 = QuantMath.multiplyByQuantizedMultiplier(v1, p.input1Multiplier(), p.input1Shift());
        int s2 = QuantMath.multiplyByQuantizedMultiplier(v2, p.input2Multiplier(), p.input2Shift());
        int r = QuantMath.multiplyByQuantizedMultiplier(s1 + s2, p.outputMultiplier(), p.outputShift()) + p.outputOffset();
        return QuantMath.clamp(r, p.actMin(), p.actMax());
    }

    static void evalFloat(Broadcast bc, float[] a, float[] b, float[] out, float lo, float hi) {
        bc.forEach((o, i, j) -> out[o] = Math.min(Math.max(a[i] + b[j], lo), hi));
    }
}
