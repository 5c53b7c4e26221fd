package earforge.kernels;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Random;

/** Single-operator graphs with random weights and quantization for the spatial kernel tests. */
final class SpatialGraphs {
    private SpatialGraphs() {}

    /** Quantization of the int8 activations: input (scale, zp) and output (scale multiplier over the "natural" scale, zp). */
    record Q(float inScale, int inZp, float outScaleFactor, int outZp, boolean perChannel) {
        static Q random(Random r, boolean perChannel) {
            return new Q((float) (0.005 + 0.1 * r.nextDouble()), r.nextInt(256) - 128,
                (float) (0.5 + 1.5 * r.nextDouble()), r.nextInt(200) - 100, perChannel);
        }
    }

    /** Convolution case: input NHWC, kernel, strides, dilation, output channels (conv) or depth multiplier (depthwise). */
    record Conv(int batch, int h, int w, int cin, int kh, int kw, int outParam, int strideH, int strideW,
                int dilH, int dilW, Padding padding, Activation act, boolean bias) {}

    static Graph conv2d(Conv c, DType type, Q q, long seed) { return build(OpType.CONV_2D, c, type, q, seed, 1); }

    /** Grouped CONV_2D: filter depth = cin / groups. */
    static Graph groupedConv2d(Conv c, Q q, long seed, int groups) { return build(OpType.CONV_2D, c, DType.INT8, q, seed, groups); }

    /**
     * Hybrid CONV_2D as a dynamic-range quantizer writes it: float input, output and bias, int8 filter with one
     * scale (zero point 0).
     */
    static Graph hybridConv2d(Conv c, long seed) {
        Graph g = build(OpType.CONV_2D, c, DType.FLOAT32, null, seed, 1);
        Tensor f = g.tensor(g.operators.get(0).inputs[1]);
        float[] w = (float[]) Values.decode(DType.FLOAT32, f.data);
        float max = 0;
        for (float x : w) max = Math.max(max, Math.abs(x));
        float scale = max / 127;
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) q[i] = (byte) Math.round(w[i] / scale);
        f.type = DType.INT8;
        f.quant = Quant.perTensor(scale, 0);
        f.data = q;
        return g;
    }

    static Graph depthwise(Conv c, DType type, Q q, long seed) { return build(OpType.DEPTHWISE_CONV_2D, c, type, q, seed, 1); }

    private static Graph build(OpType type, Conv c, DType dt, Q q, long seed, int groups) {
        Random r = new Random(seed);
        boolean dw = type == OpType.DEPTHWISE_CONV_2D;
        int cout = dw ? c.cin() * c.outParam() : c.outParam();
        int fd = dw ? 1 : c.cin() / groups;
        int[] fshape = dw ? new int[] {1, c.kh(), c.kw(), cout} : new int[] {cout, c.kh(), c.kw(), fd};
        int oh = Shapes.outSize(c.padding(), c.h(), c.kh(), c.strideH(), c.dilH());
        int ow = Shapes.outSize(c.padding(), c.w(), c.kw(), c.strideW(), c.dilW());
        int fanIn = c.kh() * c.kw() * fd;
        Graph g = new Graph();
        Tensor in, f, out, bias = null;
        int n = Shapes.elements(fshape);
        if (dt == DType.FLOAT32) {
            in = g.addTensor("input", dt, new int[] {c.batch(), c.h(), c.w(), c.cin()}, null, null);
            float[] fv = new float[n];
            for (int i = 0; i < n; i++) fv[i] = (float) (r.nextGaussian() / Math.sqrt(fanIn));
            f = g.addTensor("filter", dt, fshape, null, Values.encode(fv));
            if (c.bias()) {
                float[] bv = new float[cout];
                for (int i = 0; i < cout; i++) bv[i] = (float) r.nextGaussian();
                bias = g.addTensor("bias", dt, new int[] {cout}, null, Values.encode(bv));
            }
            out = g.addTensor("output", dt, new int[] {c.batch(), oh, ow, cout}, null, null);
        } else {
            in = g.addTensor("input", dt, new int[] {c.batch(), c.h(), c.w(), c.cin()}, Quant.perTensor(q.inScale(), q.inZp()), null);
            byte[] fv = new byte[n];
            r.nextBytes(fv);
            for (int i = 0; i < n; i++) if (fv[i] == -128) fv[i] = -127;   // symmetric weights, as the converter makes
            float[] fs = new float[q.perChannel() ? cout : 1];
            for (int i = 0; i < fs.length; i++) fs[i] = (float) (0.002 + 0.05 * r.nextDouble());
            f = g.addTensor("filter", dt, fshape, new Quant(fs, new long[fs.length], dw ? 3 : 0), fv);
            // int8 values are ~uniform (std ~74): the accumulator's std is ~ sqrt(fanIn) * 74 * 74 * in_scale * f_scale.
            double accStd = Math.sqrt(fanIn) * 74 * 74;
            if (c.bias()) {
                int[] bv = new int[cout];
                for (int i = 0; i < cout; i++) bv[i] = (int) (r.nextGaussian() * accStd);
                float[] bs = new float[fs.length];
                for (int i = 0; i < bs.length; i++) bs[i] = q.inScale() * fs[i];
                bias = g.addTensor("bias", DType.INT32, new int[] {cout}, new Quant(bs, new long[bs.length], 0), Values.encode(bv));
            }
            float outScale = (float) (q.inScale() * 0.026 * accStd / 40 * q.outScaleFactor());
            out = g.addTensor("output", dt, new int[] {c.batch(), oh, ow, cout}, Quant.perTensor(outScale, q.outZp()), null);
        }
        Options opt = dw
            ? new Options.DepthwiseConv(c.padding(), c.strideH(), c.strideW(), c.dilH(), c.dilW(), c.outParam(), c.act())
            : new Options.Conv(c.padding(), c.strideH(), c.strideW(), c.dilH(), c.dilW(), c.act());
        // TFLite 2.15's CONV_2D refuses a third input of -1 ("has_bias || inputs->size == 2"): omit it.
        int[] ins = bias == null ? new int[] {in.index, f.index} : new int[] {in.index, f.index, bias.index};
        g.addOperator(type, ins, new int[] {out.index}, opt);
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    /** Overrides the output scale of the single op (for extreme-scale cases). */
    static Graph withOutputScale(Graph g, float scale) {
        Tensor out = g.output(0);
        out.quant = Quant.perTensor(scale, out.quant.zp());
        return g;
    }

    static Graph pool(OpType type, DType dt, int batch, int h, int w, int c, int fh, int fw, int sh, int sw,
                      Padding p, Activation act, float scale, int zp) {
        Graph g = new Graph();
        Quant q = dt == DType.INT8 ? Quant.perTensor(scale, zp) : null;
        Tensor in = g.addTensor("input", dt, new int[] {batch, h, w, c}, q, null);
        int oh = Shapes.outSize(p, h, fh, sh, 1), ow = Shapes.outSize(p, w, fw, sw, 1);
        Tensor out = g.addTensor("output", dt, new int[] {batch, oh, ow, c}, q, null);
        g.addOperator(type, new int[] {in.index}, new int[] {out.index}, new Options.Pool(p, sh, sw, fh, fw, act));
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    static Graph mean(DType dt, int[] shape, int[] axes, boolean keepDims, Quant qin, Quant qout) {
        Graph g = new Graph();
        Tensor in = g.addTensor("input", dt, shape, qin, null);
        Tensor ax = g.addTensor("axes", DType.INT32, new int[] {axes.length}, null, Values.encode(axes));
        boolean[] red = new boolean[shape.length];
        for (int a : axes) red[a < 0 ? a + shape.length : a] = true;
        int kept = 0;
        for (boolean b : red) if (!b) kept++;
        int[] os = new int[keepDims ? shape.length : kept];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (keepDims) os[d] = red[d] ? 1 : shape[d];
            else if (!red[d]) os[k++] = shape[d];
        }
        Tensor out = g.addTensor("output", dt, os, qout, null);
        g.addOperator(OpType.MEAN, new int[] {in.index, ax.index}, new int[] {out.index}, new Options.Reduce(keepDims));
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    /** PAD; paddings int32 [rank, 2] (or int64 when {@code int64}); optional constant value (PADV2-style 3rd input). */
    static Graph pad(DType dt, int[] shape, int[][] pads, boolean int64, Quant q) {
        Graph g = new Graph();
        Tensor in = g.addTensor("input", dt, shape, q, null);
        int rank = shape.length;
        int[] p32 = new int[rank * 2];
        long[] p64 = new long[rank * 2];
        int[] os = new int[rank];
        for (int d = 0; d < rank; d++) {
            p32[2 * d] = pads[d][0]; p32[2 * d + 1] = pads[d][1];
            p64[2 * d] = pads[d][0]; p64[2 * d + 1] = pads[d][1];
            os[d] = shape[d] + pads[d][0] + pads[d][1];
        }
        Tensor pt = g.addTensor("paddings", int64 ? DType.INT64 : DType.INT32, new int[] {rank, 2}, null,
            int64 ? Values.encode(p64) : Values.encode(p32));
        Tensor out = g.addTensor("output", dt, os, q, null);
        g.addOperator(OpType.PAD, new int[] {in.index, pt.index}, new int[] {out.index}, Options.NONE);
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }
}
