package earforge.train;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A trained {@link Net} as a float32 earforge {@link Graph} (write it with TfliteWriter): input [1, H, W, 1]
 * (H = mel bands, W = frames), CONV_2D / DEPTHWISE_CONV_2D with BatchNorm and the input normalization folded in and
 * ReLU fused, MAX_POOL_2D, RESHAPE to [1, H*W*C] before the first FULLY_CONNECTED, SOFTMAX. Dropout is the identity.
 */
public final class Exporter {
    private Exporter() {}

    public static Graph export(Net net) {
        Arch arch = net.arch;
        List<int[]> shapes = arch.shapes();
        Graph g = new Graph();
        g.name = arch.name();
        Tensor x = g.addTensor("input", DType.FLOAT32, new int[] {1, arch.height(), arch.width(), 1}, null, null);
        g.inputs = new int[] {x.index};
        boolean flat = false;
        for (int i = 0; i < arch.layers().size(); i++) {
            Arch.Layer l = arch.layers().get(i);
            int[] in = shapes.get(i), out = shapes.get(i + 1);
            String name = arch.name() + "/" + i;
            if (l instanceof Arch.Conv c) {
                x = conv(g, net, i, c, in, out, x, name);
            } else if (l instanceof Arch.MaxPool p) {
                Tensor y = act(g, name + "_maxpool", out);
                g.addOperator(OpType.MAX_POOL_2D, new int[] {x.index}, new int[] {y.index},
                    new Options.Pool(earforge.ir.Padding.VALID, p.ph(), p.pw(), p.ph(), p.pw(), Activation.NONE));
                x = y;
            } else if (l instanceof Arch.Dense d) {
                if (!flat) {
                    int n = in[0] * in[1] * in[2];
                    int[] shape = {1, n};
                    Tensor s = g.addTensor(name + "_flatten/shape", DType.INT32, new int[] {2}, null, ints(shape));
                    Tensor y = g.addTensor(name + "_flatten", DType.FLOAT32, shape, null, null);
                    g.addOperator(OpType.RESHAPE, new int[] {x.index, s.index}, new int[] {y.index}, new Options.Reshape(shape));
                    x = y;
                }
                x = dense(g, net, i, d, flat ? new int[] {1, 1, in[2]} : in, x, name);
                flat = true;
            }
        }
        Tensor y = g.addTensor("scores", DType.FLOAT32, new int[] {1, arch.classes()}, null, null);
        g.addOperator(OpType.SOFTMAX, new int[] {x.index}, new int[] {y.index}, new Options.Softmax(1f));
        g.outputs = new int[] {y.index};
        return g;
    }

    private static Tensor act(Graph g, String name, int[] hwc) {
        return g.addTensor(name, DType.FLOAT32, new int[] {1, hwc[0], hwc[1], hwc[2]}, null, null);
    }

    /** Folded weights and bias of one convolution (BN after it, input normalization for layer 0), TFLite layout. */
    private static Tensor conv(Graph g, Net net, int i, Arch.Conv c, int[] in, int[] out, Tensor x, String name) {
        int cin = in[2], cout = out[2], kh = c.kh(), kw = c.kw();
        int perGroup = c.depthwise() ? 1 : cin;
        float[] w = Net.floats(net.convs.get(i), "weight");           // DJL OIHW: [cout][perGroup][kh][kw]
        double[] bias = new double[cout];
        if (c.bias()) {
            float[] b = Net.floats(net.convs.get(i), "bias");
            for (int o = 0; o < cout; o++) bias[o] = b[o];
        }
        double[] scale = new double[cout];
        java.util.Arrays.fill(scale, 1.0);
        if (i == 0) {
            // conv((x - m) / s) with the zero padding in the raw domain == conv_{w/s}(x) - (m/s) * sum(w).
            for (int o = 0; o < cout; o++) {
                double sum = 0;
                for (int k = 0; k < perGroup * kh * kw; k++) sum += w[o * perGroup * kh * kw + k];
                bias[o] -= net.inputMean / net.inputStd * sum;
                scale[o] = 1.0 / net.inputStd;
            }
        }
        if (c.bn()) {
            var bn = net.norms.get(i);
            float[] gamma = Net.floats(bn, "gamma"), beta = Net.floats(bn, "beta");
            float[] mean = Net.floats(bn, "runningMean"), var = Net.floats(bn, "runningVar");
            for (int o = 0; o < cout; o++) {
                double s = gamma[o] / Math.sqrt(var[o] + Net.BN_EPS);
                bias[o] = (bias[o] - mean[o]) * s + beta[o];
                scale[o] *= s;
            }
        }
        float[] tw;
        int[] wshape;
        if (c.depthwise()) {                                           // TFLite [1][kh][kw][C]
            tw = new float[kh * kw * cout];
            for (int o = 0; o < cout; o++)
                for (int y = 0; y < kh; y++)
                    for (int z = 0; z < kw; z++) tw[(y * kw + z) * cout + o] = (float) (w[(o * kh + y) * kw + z] * scale[o]);
            wshape = new int[] {1, kh, kw, cout};
        } else {                                                       // TFLite OHWI
            tw = new float[cout * kh * kw * cin];
            for (int o = 0; o < cout; o++)
                for (int ci = 0; ci < cin; ci++)
                    for (int y = 0; y < kh; y++)
                        for (int z = 0; z < kw; z++)
                            tw[((o * kh + y) * kw + z) * cin + ci] = (float) (w[((o * cin + ci) * kh + y) * kw + z] * scale[o]);
            wshape = new int[] {cout, kh, kw, cin};
        }
        float[] tb = new float[cout];
        for (int o = 0; o < cout; o++) tb[o] = (float) bias[o];
        Tensor wt = g.addTensor(name + "_weights", DType.FLOAT32, wshape, null, floats(tw));
        Tensor bt = g.addTensor(name + "_bias", DType.FLOAT32, new int[] {cout}, null, floats(tb));
        Tensor y = act(g, name + (c.depthwise() ? "_dwconv" : "_conv"), out);
        Activation a = c.relu() ? Activation.RELU : Activation.NONE;
        if (c.depthwise()) {
            g.addOperator(OpType.DEPTHWISE_CONV_2D, new int[] {x.index, wt.index, bt.index}, new int[] {y.index},
                new Options.DepthwiseConv(c.padding(), c.stride(), c.stride(), 1, 1, 1, a));
        } else {
            g.addOperator(OpType.CONV_2D, new int[] {x.index, wt.index, bt.index}, new int[] {y.index},
                new Options.Conv(c.padding(), c.stride(), c.stride(), 1, 1, a));
        }
        return y;
    }

    /** FULLY_CONNECTED; DJL flattens NCHW (c*H*W + h*W + w), TFLite's RESHAPE flattens NHWC (h*W*C + w*C + c). */
    private static Tensor dense(Graph g, Net net, int i, Arch.Dense d, int[] in, Tensor x, String name) {
        int h = in[0], wd = in[1], ch = in[2], n = h * wd * ch, out = d.out();
        float[] w = Net.floats(net.linears.get(i), "weight");
        float[] b = Net.floats(net.linears.get(i), "bias");
        float[] tw = new float[out * n];
        for (int o = 0; o < out; o++)
            for (int y = 0; y < h; y++)
                for (int z = 0; z < wd; z++)
                    for (int c = 0; c < ch; c++) tw[o * n + (y * wd + z) * ch + c] = w[o * n + (c * h + y) * wd + z];
        Tensor wt = g.addTensor(name + "_weights", DType.FLOAT32, new int[] {out, n}, null, floats(tw));
        Tensor bt = g.addTensor(name + "_bias", DType.FLOAT32, new int[] {out}, null, floats(b));
        Tensor y = g.addTensor(name + "_dense", DType.FLOAT32, new int[] {1, out}, null, null);
        g.addOperator(OpType.FULLY_CONNECTED, new int[] {x.index, wt.index, bt.index}, new int[] {y.index},
            new Options.FullyConnected(d.relu() ? Activation.RELU : Activation.NONE, false));
        return y;
    }

    static byte[] floats(float[] a) {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        return b.array();
    }

    static byte[] ints(int[] a) {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(a);
        return b.array();
    }
}
