package earforge.kernels;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * Geometry of a windowed NHWC op (conv, depthwise conv, pooling): sizes, strides, dilation and the leading
 * padding as TFLite's ComputePaddingHeightWidth computes it (the odd extra pixel of SAME goes after).
 */
public record Window(int batches, int inH, int inW, int inDepth, int outH, int outW, int outDepth,
                     int filterH, int filterW, int strideH, int strideW, int dilationH, int dilationW,
                     int padH, int padW) {

    /** Validates ranks, strides and the output shape [batches, outH, outW, outDepth] against TFLite's formula. */
    public static Window of(Operator op, Tensor in, Tensor out, int outDepth, int filterH, int filterW, Padding padding,
                            int strideH, int strideW, int dilationH, int dilationW) {
        Check.rank(op, in, 4);
        Check.rank(op, out, 4);
        if (strideH < 1 || strideW < 1) throw Check.fail(op, "strides must be positive (got %d, %d)", strideH, strideW);
        if (dilationH < 1 || dilationW < 1) throw Check.fail(op, "dilation must be positive (got %d, %d)", dilationH, dilationW);
        if (filterH < 1 || filterW < 1) throw Check.fail(op, "filter size must be positive (got %dx%d)", filterH, filterW);
        int inH = in.dim(1), inW = in.dim(2);
        int outH = Shapes.outSize(padding, inH, filterH, strideH, dilationH);
        int outW = Shapes.outSize(padding, inW, filterW, strideW, dilationW);
        if (outH < 1 || outW < 1) {
            throw Check.fail(op, "%dx%d window (dilation %d,%d) does not fit the %dx%d input with %s padding",
                filterH, filterW, dilationH, dilationW, inH, inW, padding);
        }
        int[] want = {in.dim(0), outH, outW, outDepth};
        if (!Arrays.equals(out.shape, want)) {
            throw Check.fail(op, "output '%s' has shape %s, expected %s", out.name, Arrays.toString(out.shape), Arrays.toString(want));
        }
        return new Window(in.dim(0), inH, inW, in.dim(3), outH, outW, outDepth, filterH, filterW, strideH, strideW,
            dilationH, dilationW, Shapes.padBefore(padding, inH, filterH, strideH, dilationH, outH),
            Shapes.padBefore(padding, inW, filterW, strideW, dilationW, outW));
    }

    /** Window of MAX_POOL_2D / AVERAGE_POOL_2D; int8 in and out must share scale and zero point (TFLite spec). */
    static Window pool(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        if (!(op.options instanceof Options.Pool p)) throw Check.fail(op, "missing Pool2DOptions");
        Check.rank(op, in, 4);
        if (in.type == DType.FLOAT32) {
            Check.type(op, out, DType.FLOAT32);
        } else {
            Check.type(op, in, DType.INT8); Check.type(op, out, DType.INT8);
            Check.quantized(op, in); Check.quantized(op, out);
            // TFLite DCHECKs |scale_in - scale_out| <= 1e-6 and equal zero points; the kernel ignores the scales.
            if (in.quant.zp() != out.quant.zp() || Math.abs(in.quant.scale() - out.quant.scale()) > 1e-6f) {
                throw Check.fail(op, "int8 input and output must have the same quantization (%s vs %s)", in.quant, out.quant);
            }
        }
        return of(op, in, out, in.dim(3), p.filterH(), p.filterW(), p.padding(), p.strideH(), p.strideW(), 1, 1);
    }

    /** Fused activations the windowed kernels implement as a clamp; TANH/SIGN_BIT are refused. */
    static Activation clampActivation(Operator op) {
        Activation a = op.options.activation();
        if (a != Activation.NONE && a != Activation.RELU && a != Activation.RELU6 && a != Activation.RELU_N1_TO_1) {
            throw Check.fail(op, "fused activation %s is not supported (only NONE, RELU, RELU6, RELU_N1_TO_1)", a);
        }
        return a;
    }

    /** Offset of element [b, y, x, c] in an NHWC tensor of height h, width w, depth d. */
    static int offset(int h, int w, int d, int b, int y, int x, int c) {
        return ((b * h + y) * w + x) * d + c;
    }
}
