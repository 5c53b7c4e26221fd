package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;

/**
 * CONV_2D: NHWC input, OHWI filter (I may be a divisor of the input depth: grouped convolution), optional bias.
 * int8 as TFLite's reference_integer_ops::ConvPerChannel; float as reference_ops::Conv; hybrid (float input and
 * output, int8 filter with one scale: dynamic-range quantized models) as TFLite's EvalHybrid/HybridConv.
 */
public final class Conv2D implements Kernel {

    /** Everything the int8 loop (Java or generated C) needs, precomputed once. filterDepth = input channels per group. */
    public record Int8Params(Window w, int filterDepth, int inputOffset, int outputOffset, int[] multiplier, int[] shift,
                             int actMin, int actMax) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), f = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Window w = window(g, op);
        int outDepth = w.outDepth();
        int[][] ms = ConvQuant.multipliers(op, in, f, out, outDepth, 0);
        int[] mult = ms[0], shift = ms[1];
        int[] range = QuantMath.activationRange(Window.clampActivation(op), out.quant, -128, 127);
        return new Int8Params(w, f.dim(3), -in.quant.zp(), out.quant.zp(), mult, shift, range[0], range[1]);
    }

    static Window window(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), f = Check.in(g, op, 1), out = Check.out(g, op, 0);
        if (!(op.options instanceof Options.Conv c)) throw Check.fail(op, "missing Conv2DOptions");
        Check.rank(op, f, 4);
        Check.rank(op, in, 4);
        int filterDepth = f.dim(3), outDepth = f.dim(0);
        if (in.dim(3) < 1) throw Check.fail(op, "input '%s' has depth %d (shape %s)", in.name, in.dim(3), java.util.Arrays.toString(in.shape));
        if (filterDepth < 1 || in.dim(3) % filterDepth != 0) {
            throw Check.fail(op, "input depth %d is not a multiple of the filter depth %d", in.dim(3), filterDepth);
        }
        int groups = in.dim(3) / filterDepth;
        if (outDepth % groups != 0) throw Check.fail(op, "%d filters cannot be split into %d groups", outDepth, groups);
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
        if (in.type == DType.FLOAT32 && f.type == DType.INT8) return hybrid(g, op, w, (byte[]) fv);
        if (in.type == DType.FLOAT32) {
            Check.type(op, f, DType.FLOAT32); Check.type(op, out, DType.FLOAT32);
            if (bi >= 0) Check.type(op, g.tensor(bi), DType.FLOAT32);
            float[] bias = bi < 0 ? null : (float[]) Values.constant(g.tensor(bi), "bias");
            float lo = Window.clampActivation(op).floatMin(), hi = op.options.activation().floatMax();
            float[] ff = (float[]) fv;
            int fd = f.dim(3);
            // ConvIm2col rounds as evalFloat and is faster; evalFloat (and evalInt8 below) remain for groups.
            if (fd != w.inDepth()) return v -> evalFloat(w, fd, (float[]) v[in.index], ff, bias, (float[]) v[out.index], lo, hi);
            ConvIm2col cv = new ConvIm2col(w, ff);
            return v -> cv.runFloat((float[]) v[in.index], bias, lo, hi, (float[]) v[out.index]);
        }
        Check.type(op, in, DType.INT8); Check.type(op, f, DType.INT8); Check.type(op, out, DType.INT8);
        if (bi >= 0) Check.type(op, g.tensor(bi), DType.INT32);
        int[] bias = bi < 0 ? null : (int[]) Values.constant(g.tensor(bi), "bias");
        Int8Params p = int8Params(g, op);
        byte[] fb = (byte[]) fv;
        if (p.filterDepth() != w.inDepth()) return v -> evalInt8(p, (byte[]) v[in.index], fb, bias, (byte[]) v[out.index]);
        ConvIm2col cv = new ConvIm2col(w, fb);
        Requant rq = new Requant(bias, p.multiplier(), p.shift(), p.outputOffset(), p.actMin(), p.actMax());
        return v -> cv.runInt8((byte[]) v[in.index], p.inputOffset(), rq, (byte[]) v[out.index]);
    }

    private static Step hybrid(Graph g, Operator op, Window w, byte[] filter) {
        Tensor in = Check.in(g, op, 0), f = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.type(op, out, DType.FLOAT32);
        Check.quantized(op, f);
        float[] scales = f.quant.scales();
        for (float s : scales) {
            if (s != scales[0]) throw Check.fail(op, "hybrid convolution with per-channel weight scales is not supported");
        }
        for (long zp : f.quant.zeroPoints()) {
            if (zp != 0) throw Check.fail(op, "int8 filter '%s' has zero point %d (the int8 spec requires 0)", f.name, zp);
        }
        if (w.inDepth() != f.dim(3)) throw Check.fail(op, "hybrid grouped convolution is not supported");
        int bi = op.input(2);
        if (bi >= 0) Check.type(op, g.tensor(bi), DType.FLOAT32);
        float[] bias = bi < 0 ? null : (float[]) Values.constant(g.tensor(bi), "bias");
        float lo = Window.clampActivation(op).floatMin(), hi = op.options.activation().floatMax();
        byte[] q = new byte[in.elements()];
        ConvIm2col cv = new ConvIm2col(w, filter);
        return v -> runHybrid(cv, scales[0], (float[]) v[in.index], bias, (float[]) v[out.index], lo, hi, q);
    }

    /**
     * Hybrid convolution: each batch of the input is quantized symmetrically (scale = max|x| / 127, values rounded
     * half away from zero and clamped to +-127, all zeros when max|x| = 0), convolved in int32 (padding = 0), and
     * scaled back: out = clamp(float(acc) * (batchScale * filterScale) + bias). q: scratch of input size.
     */
    public static void evalHybrid(Window w, float filterScale, float[] in, byte[] filter, float[] bias, float[] out,
                                  float lo, float hi, byte[] q) {
        runHybrid(new ConvIm2col(w, filter), filterScale, in, bias, out, lo, hi, q);
    }

    /** evalHybrid with prepared weights and scratch. */
    private static void runHybrid(ConvIm2col cv, float filterScale, float[] in, float[] bias, float[] out,
                                  float lo, float hi, byte[] q) {
        Window w = cv.w;
        int perBatch = w.inH() * w.inW() * w.inDepth();
        for (int b = 0; b < w.batches(); b++) {
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int i = b * perBatch; i < (b + 1) * perBatch; i++) { min = Math.min(min, in[i]); max = Math.max(max, in[i]); }
            float range = Math.max(Math.abs(min), Math.abs(max));
            float scale = 1f;
            if (range == 0f) {
                java.util.Arrays.fill(q, b * perBatch, (b + 1) * perBatch, (byte) 0);
            } else {
                scale = range / 127;
                float inv = 127 / range;
                for (int i = b * perBatch; i < (b + 1) * perBatch; i++) {
                    q[i] = (byte) QuantMath.clamp((int) QuantMath.roundHalfAway(in[i] * inv), -127, 127);
                }
            }
            cv.runHybrid(q, b, scale * filterScale, bias, lo, hi, out);
        }
    }

    /** int32 accumulation wraps like the reference's int32 arithmetic (never reached by real models). */
    public static void evalInt8(Int8Params p, byte[] in, byte[] filter, int[] bias, byte[] out) {
        Window w = p.w();
        int fd = p.filterDepth(), perGroup = w.outDepth() / (w.inDepth() / fd);
        for (int b = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padH();
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padW();
                    for (int oc = 0; oc < w.outDepth(); oc++) {
                        int c0 = oc / perGroup * fd;
                        int acc = 0;
                        for (int fy = 0; fy < w.filterH(); fy++) {
                            int y = y0 + fy * w.dilationH();
                            if (y < 0 || y >= w.inH()) continue;
                            for (int fx = 0; fx < w.filterW(); fx++) {
                                int x = x0 + fx * w.dilationW();
                                if (x < 0 || x >= w.inW()) continue;
                                int ib = Window.offset(w.inH(), w.inW(), w.inDepth(), b, y, x, c0);
                                int fb = ((oc * w.filterH() + fy) * w.filterW() + fx) * fd;
                                for (int ic = 0; ic < fd; ic++) acc += filter[fb + ic] * (in[ib + ic] + p.inputOffset());
                            }
                        }
                        if (bias != null) acc += bias[oc];
                        acc = QuantMath.multiplyByQuantizedMultiplier(acc, p.multiplier()[oc], p.shift()[oc]) + p.outputOffset();
                        out[Window.offset(w.outH(), w.outW(), w.outDepth(), b, oy, ox, oc)] =
                            (byte) QuantMath.clamp(acc, p.actMin(), p.actMax());
                    }
                }
            }
        }
    }

    public static void evalFloat(Window w, int fd, float[] in, float[] filter, float[] bias, float[] out, float lo, float hi) {
        int perGroup = w.outDepth() / (w.inDepth() / fd);
        for (int b = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padH();
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padW();
                    for (int oc = 0; oc < w.outDepth(); oc++) {
                        int c0 = oc / perGroup * fd;
                        float acc = 0f;
                        for (int fy = 0; fy < w.filterH(); fy++) {
                            int y = y0 + fy * w.dilationH();
                            if (y < 0 || y >= w.inH()) continue;
                            for (int fx = 0; fx < w.filterW(); fx++) {
                                int x = x0 + fx * w.dilationW();
                                if (x < 0 || x >= w.inW()) continue;
                                int ib = Window.offset(w.inH(), w.inW(), w.inDepth(), b, y, x, c0);
                                int fb = ((oc * w.filterH() + fy) * w.filterW() + fx) * fd;
                                for (int ic = 0; ic < fd; ic++) acc += in[ib + ic] * filter[fb + ic];
                            }
                        }
                        if (bias != null) acc += bias[oc];
                        out[Window.offset(w.outH(), w.outW(), w.outDepth(), b, oy, ox, oc)] = Math.min(Math.max(acc, lo), hi);
                    }
                }
            }
        }
    }
}
