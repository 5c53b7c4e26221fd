package earforge.codegen;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.Random;

/**
 * Builds int8 test graphs with the IR, layer by layer, with random symmetric weights. Output scales follow the
 * accumulator's spread (~40 LSB standard deviation) so that outputs use the int8 range instead of saturating.
 */
final class OpGraphs {
    final Graph g = new Graph();
    private final Random r;
    private int n;

    OpGraphs(long seed) { r = new Random(seed); }

    Tensor input(int... shape) {
        return input(Quant.perTensor((float) (0.01 + 0.05 * r.nextDouble()), r.nextInt(200) - 100), shape);
    }

    Tensor input(Quant q, int... shape) {
        Tensor t = g.addTensor("input" + g.inputs.length, DType.INT8, shape, q, null);
        int[] ins = java.util.Arrays.copyOf(g.inputs, g.inputs.length + 1);
        ins[ins.length - 1] = t.index;
        g.inputs = ins;
        return t;
    }

    private byte[] weights(int count) {
        byte[] w = new byte[count];
        r.nextBytes(w);
        for (int i = 0; i < count; i++) if (w[i] == -128) w[i] = -127;   // symmetric, as the converter makes them
        return w;
    }

    private float[] weightScales(int channels) {
        float[] s = new float[channels];
        for (int i = 0; i < channels; i++) s[i] = (float) (0.002 + 0.03 * r.nextDouble());
        return s;
    }

    private Tensor bias(Tensor in, float[] ws, int channels, double accStd) {
        int[] b = new int[channels];
        for (int i = 0; i < channels; i++) b[i] = (int) (r.nextGaussian() * accStd);
        float[] bs = new float[ws.length];
        for (int i = 0; i < ws.length; i++) bs[i] = in.quant.scale() * ws[i];
        return g.addTensor("bias" + (n++), DType.INT32, new int[] {channels}, new Quant(bs, new long[bs.length], 0), Values.encode(b));
    }

    private Quant outQuant(Tensor in, float[] ws, double accStd) {
        double mean = 0;
        for (float s : ws) mean += s / ws.length;
        return Quant.perTensor((float) (in.quant.scale() * mean * accStd / 40), r.nextInt(100) - 50);
    }

    Tensor fc(Tensor in, int outDepth, boolean perChannel, boolean withBias, Activation act) {
        int depth = in.dim(-1);
        float[] ws = weightScales(perChannel ? outDepth : 1);
        Tensor w = g.addTensor("fc_w" + (n++), DType.INT8, new int[] {outDepth, depth}, new Quant(ws, new long[ws.length], 0),
            weights(outDepth * depth));
        double accStd = Math.sqrt(depth) * 74 * 74;
        Tensor b = withBias ? bias(in, ws, outDepth, accStd) : null;
        Tensor out = g.addTensor("fc_out" + (n++), DType.INT8, new int[] {in.elements() / depth, outDepth}, outQuant(in, ws, accStd), null);
        int[] ins = b == null ? new int[] {in.index, w.index, -1} : new int[] {in.index, w.index, b.index};
        g.addOperator(OpType.FULLY_CONNECTED, ins, new int[] {out.index}, new Options.FullyConnected(act, false));
        return out;
    }

    Tensor conv(Tensor in, int cout, int kh, int kw, int sh, int sw, int dh, int dw, Padding pad, Activation act,
                boolean perChannel, boolean withBias) {
        int cin = in.dim(3);
        float[] ws = weightScales(perChannel ? cout : 1);
        Tensor f = g.addTensor("conv_w" + (n++), DType.INT8, new int[] {cout, kh, kw, cin}, new Quant(ws, new long[ws.length], 0),
            weights(cout * kh * kw * cin));
        double accStd = Math.sqrt(kh * kw * cin) * 74 * 74;
        Tensor b = withBias ? bias(in, ws, cout, accStd) : null;
        int oh = Shapes.outSize(pad, in.dim(1), kh, sh, dh), ow = Shapes.outSize(pad, in.dim(2), kw, sw, dw);
        Tensor out = g.addTensor("conv_out" + (n++), DType.INT8, new int[] {in.dim(0), oh, ow, cout}, outQuant(in, ws, accStd), null);
        // TFLite 2.15's CONV_2D refuses an absent third input: omit it.
        int[] ins = b == null ? new int[] {in.index, f.index} : new int[] {in.index, f.index, b.index};
        g.addOperator(OpType.CONV_2D, ins, new int[] {out.index}, new Options.Conv(pad, sh, sw, dh, dw, act));
        return out;
    }

    Tensor depthwise(Tensor in, int mult, int kh, int kw, int sh, int sw, int dh, int dw, Padding pad, Activation act,
                     boolean perChannel, boolean withBias) {
        int cout = in.dim(3) * mult;
        float[] ws = weightScales(perChannel ? cout : 1);
        Tensor f = g.addTensor("dw_w" + (n++), DType.INT8, new int[] {1, kh, kw, cout}, new Quant(ws, new long[ws.length], 3),
            weights(kh * kw * cout));
        double accStd = Math.sqrt(kh * kw) * 74 * 74;
        Tensor b = withBias ? bias(in, ws, cout, accStd) : null;
        int oh = Shapes.outSize(pad, in.dim(1), kh, sh, dh), ow = Shapes.outSize(pad, in.dim(2), kw, sw, dw);
        Tensor out = g.addTensor("dw_out" + (n++), DType.INT8, new int[] {in.dim(0), oh, ow, cout}, outQuant(in, ws, accStd), null);
        int[] ins = b == null ? new int[] {in.index, f.index} : new int[] {in.index, f.index, b.index};
        g.addOperator(OpType.DEPTHWISE_CONV_2D, ins, new int[] {out.index}, new Options.DepthwiseConv(pad, sh, sw, dh, dw, mult, act));
        return out;
    }

    Tensor pool(OpType type, Tensor in, int fh, int fw, int sh, int sw, Padding pad, Activation act) {
        int oh = Shapes.outSize(pad, in.dim(1), fh, sh, 1), ow = Shapes.outSize(pad, in.dim(2), fw, sw, 1);
        Tensor out = g.addTensor("pool_out" + (n++), DType.INT8, new int[] {in.dim(0), oh, ow, in.dim(3)}, in.quant, null);
        g.addOperator(type, new int[] {in.index}, new int[] {out.index}, new Options.Pool(pad, sh, sw, fh, fw, act));
        return out;
    }

    Tensor reshape(Tensor in, int... shape) {
        Tensor st = g.addTensor("shape" + (n++), DType.INT32, new int[] {shape.length}, null, Values.encode(shape));
        Tensor out = g.addTensor("reshape_out" + (n++), DType.INT8, shape, in.quant, null);
        g.addOperator(OpType.RESHAPE, new int[] {in.index, st.index}, new int[] {out.index}, new Options.Reshape(shape));
        return out;
    }

    Tensor softmax(Tensor in, float beta) {
        Tensor out = g.addTensor("softmax_out" + (n++), DType.INT8, in.shape, Quant.perTensor(1f / 256, -128), null);
        g.addOperator(OpType.SOFTMAX, new int[] {in.index}, new int[] {out.index}, new Options.Softmax(beta));
        return out;
    }

    /** Any op whose output has the input's shape and a given quantization (activations, element-wise). */
    Tensor unary(OpType type, Tensor in, Quant q, Options opt) {
        Tensor out = g.addTensor(type.name().toLowerCase() + "_out" + (n++), DType.INT8, in.shape, q, null);
        g.addOperator(type, new int[] {in.index}, new int[] {out.index}, opt);
        return out;
    }

    Tensor binary(OpType type, Tensor a, Tensor b, int[] outShape, Quant q, Options opt) {
        Tensor out = g.addTensor(type.name().toLowerCase() + "_out" + (n++), DType.INT8, outShape, q, null);
        g.addOperator(type, new int[] {a.index, b.index}, new int[] {out.index}, opt);
        return out;
    }

    Tensor mean(Tensor in, int[] axes, boolean keepDims, Quant q) {
        Tensor ax = g.addTensor("axes" + (n++), DType.INT32, new int[] {axes.length}, null, Values.encode(axes));
        java.util.List<Integer> shape = new java.util.ArrayList<>();
        for (int d = 0; d < in.rank(); d++) {
            final int dd = d;
            boolean reduced = java.util.Arrays.stream(axes).anyMatch(a -> (a < 0 ? a + in.rank() : a) == dd);
            if (!reduced) shape.add(in.dim(d));
            else if (keepDims) shape.add(1);
        }
        Tensor out = g.addTensor("mean_out" + (n++), DType.INT8, shape.stream().mapToInt(Integer::intValue).toArray(), q, null);
        g.addOperator(OpType.MEAN, new int[] {in.index, ax.index}, new int[] {out.index}, new Options.Reduce(keepDims));
        return out;
    }

    Tensor pad(Tensor in, int[][] pads) {
        int[] p = new int[in.rank() * 2], shape = new int[in.rank()];
        for (int d = 0; d < in.rank(); d++) {
            p[2 * d] = pads[d][0];
            p[2 * d + 1] = pads[d][1];
            shape[d] = in.dim(d) + pads[d][0] + pads[d][1];
        }
        Tensor pt = g.addTensor("paddings" + (n++), DType.INT32, new int[] {in.rank(), 2}, null, Values.encode(p));
        Tensor out = g.addTensor("pad_out" + (n++), DType.INT8, shape, in.quant, null);
        g.addOperator(OpType.PAD, new int[] {in.index, pt.index}, new int[] {out.index}, Options.NONE);
        return out;
    }

    Tensor concat(int axis, Tensor... ins) {
        int[] shape = ins[0].shape.clone();
        shape[axis] = 0;
        int[] idx = new int[ins.length];
        for (int i = 0; i < ins.length; i++) { shape[axis] += ins[i].dim(axis); idx[i] = ins[i].index; }
        Tensor out = g.addTensor("concat_out" + (n++), DType.INT8, shape, ins[0].quant, null);
        g.addOperator(OpType.CONCATENATION, idx, new int[] {out.index}, new Options.Concat(axis, Activation.NONE));
        return out;
    }

    /** A constant int8 tensor with random values. */
    Tensor constant(Quant q, int... shape) {
        return g.addTensor("const" + (n++), DType.INT8, shape, q, weights(Shapes.elements(shape)));
    }

    Tensor squeeze(Tensor in, int[] dims, int... outShape) {
        Tensor out = g.addTensor("squeeze_out" + (n++), DType.INT8, outShape, in.quant, null);
        g.addOperator(OpType.SQUEEZE, new int[] {in.index}, new int[] {out.index}, new Options.Squeeze(dims));
        return out;
    }

    Graph outputs(Tensor... outs) {
        g.outputs = new int[outs.length];
        for (int i = 0; i < outs.length; i++) g.outputs[i] = outs[i].index;
        return g;
    }
}
