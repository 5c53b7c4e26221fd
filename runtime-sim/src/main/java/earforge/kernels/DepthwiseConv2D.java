package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;

/**
 * DEPTHWISE_CONV_2D: filter [1, H, W, inDepth * multiplier]; output channel c * multiplier + m reads input channel c.
 * The multiplier is derived from the shapes, as TFLite 2.15 does (the option is redundant).
 * int8 as TFLite's reference_integer_ops::DepthwiseConvPerChannel; float as reference_ops::DepthwiseConv.
 */
public final class DepthwiseConv2D implements Kernel {

    /** Everything the int8 loop (Java or generated C) needs, precomputed once. */
    public record Int8Params(Window w, int depthMultiplier, int inputOffset, int outputOffset, int[] multiplier,
                             int[] shift, int actMin, int actMax) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), f = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Window w = window(g, op);
        int outDepth = w.outDepth();
        int[][] ms = ConvQuant.multipliers(op, in, f, out, outDepth, 3);
        int[] mult = ms[0], shift = ms[1];
        int[] range = QuantMath.activationRange(Window.clampActivation(op), out.quant, -128, 127);
        return new Int8Params(w, outDepth / w.inDepth(), -in.quant.zp(), out.quant.zp(), mult, shift, range[0], range[1]);
    }

    static Window window(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), f = Check.in(g, op, 1), out = Check.out(g, op, 0);
        if (!(op.options instanceof Options.DepthwiseConv c)) throw Check.fail(op, "missing DepthwiseConv2DOptions");
        Check.rank(op, f, 4);
        Check.rank(op, in, 4);
        if (f.dim(0) != 1) throw Check.fail(op, "filter '%s' must have shape [1, H, W, C], got first dimension %d", f.name, f.dim(0));
        int inDepth = in.dim(3), outDepth = f.dim(3);
        if (inDepth < 1 || outDepth % inDepth != 0) {
            throw Check.fail(op, "filter depth %d is not a multiple of the input depth %d", outDepth, inDepth);
        }
        return Window.of(op, in, out, outDepth, f.dim(1), f.dim(2), c.padding(), c.strideH(), c.strideW(),
            c.dilationH(), c.dilationW());
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), f = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Window w = window(g, op);
        int bi = op.input(2);
        if (bi >= 0) Check.shape(op, g.tensor(bi), w.outDepth());
        Object fv = Values.constant(f, "filter");
        if (in.type == DType.FLOAT32) {
            if (f.type == DType.INT8) throw Check.fail(op, "hybrid (float input, int8 filter) depthwise convolution is not supported");
            Check.type(op, f, DType.FLOAT32); Check.type(op, out, DType.FLOAT32);
            if (bi >= 0) Check.type(op, g.tensor(bi), DType.FLOAT32);
            float[] bias = bi < 0 ? null : (float[]) Values.constant(g.tensor(bi), "bias");
            float lo = Window.clampActivation(op).floatMin(), hi = op.options.activation().floatMax();
            DepthwiseRows dw = new DepthwiseRows(w, (float[]) fv);
            return v -> dw.runFloat((float[]) v[in.index], bias, lo, hi, (float[]) v[out.index]);
        }
        Check.type(op, in, DType.INT8); Check.type(op, f, DType.INT8); Check.type(op, out, DType.INT8);
        if (bi >= 0) Check.type(op, g.tensor(bi), DType.INT32);
        int[] bias = bi < 0 ? null : (int[]) Values.constant(g.tensor(bi), "bias");
        Int8Params p = int8Params(g, op);
        DepthwiseRows dw = new DepthwiseRows(w, (byte[]) fv);
        Requant rq = new Requant(bias, p.multiplier(), p.shift(), p.outputOffset(), p.actMin(), p.actMax());
        return v -> dw.runInt8((byte[]) v[in.index], p.inputOffset(), rq, (byte[]) v[out.index]);
    }

    /** One int8 evaluation (prepare() keeps the DepthwiseRows and Requant instead of rebuilding them per call). */
    public static void evalInt8(Int8Params p, byte[] in, byte[] filter, int[] bias, byte[] out) {
        new DepthwiseRows(p.w(), filter).runInt8(in, p.inputOffset(),
            new Requant(bias, p.multiplier(), p.shift(), p.outputOffset(), p.actMin(), p.actMax()), out);
    }

    /** One float evaluation, rounding as reference_ops::DepthwiseConv (see DepthwiseRows). */
    public static void evalFloat(Window w, float[] in, float[] filter, float[] bias, float[] out, float lo, float hi) {
        new DepthwiseRows(w, filter).runFloat(in, bias, lo, hi, out);
    }
}
