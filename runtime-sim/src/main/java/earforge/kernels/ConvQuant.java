package earforge.kernels;

import earforge.ir.Operator;
import earforge.ir.Tensor;

/** The per-output-channel requantization CONV_2D and DEPTHWISE_CONV_2D share (TFLite's PopulateConvolutionQuantizationParams). */
final class ConvQuant {
    private ConvQuant() {}

    /**
     * Checks the int8 quantization of input, filter (per tensor, or per channel along {@code axis}, zero points 0) and
     * output; returns {multiplier[], shift[]} of double(input_scale) * double(filter_scale) / double(output_scale).
     */
    static int[][] multipliers(Operator op, Tensor in, Tensor f, Tensor out, int outDepth, int axis) {
        Check.quantized(op, in); Check.quantized(op, f); Check.quantized(op, out);
        if (f.quant.perChannel() && (f.quant.scales().length != outDepth || f.quant.axis() != axis)) {
            throw Check.fail(op, "filter '%s' has %d scales along axis %d, expected per tensor or %d along axis %d",
                f.name, f.quant.scales().length, f.quant.axis(), outDepth, axis);
        }
        for (long zp : f.quant.zeroPoints()) {
            if (zp != 0) throw Check.fail(op, "int8 filter '%s' has zero point %d (the int8 spec requires 0)", f.name, zp);
        }
        int[] mult = new int[outDepth], shift = new int[outDepth];
        for (int o = 0; o < outDepth; o++) {
            double real = (double) in.quant.scale() * (double) f.quant.scale(o) / (double) out.quant.scale();
            int[] ms = QuantMath.quantizeMultiplier(real);
            mult[o] = ms[0]; shift[o] = ms[1];
        }
        return new int[][] {mult, shift};
    }
}
