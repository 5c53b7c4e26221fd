package earforge.importers;

import earforge.importers.KerasWeights.Weight;
import earforge.ir.Activation;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Map;

/**
 * Conv2D -> CONV_2D (kernel HWIO transposed to OHWI), DepthwiseConv2D -> DEPTHWISE_CONV_2D (kernel
 * [kh,kw,cin,mult] is already [1,kh,kw,cin*mult] in memory: output channel c*mult+m, as TFLite),
 * SeparableConv2D -> DEPTHWISE_CONV_2D (zero bias) + CONV_2D 1x1. A missing bias becomes a zero bias.
 */
final class ConvLayers {
    private ConvLayers() {}

    /** Window geometry shared by the three layers. */
    private record Window(int[] kernel, int[] strides, int[] dilation, Padding padding) {}

    private static Window window(KerasLayer l, Tensor x) {
        l.requireChannelsLast();
        if (x.rank() != 4) throw l.fail("input must be rank 4 [batch, height, width, channels], got rank %d", x.rank());
        int[] d = l.pair("dilation_rate", new int[] {1, 1});
        int[] s = l.pair("strides", new int[] {1, 1});
        if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) throw l.fail("strides > 1 together with dilation > 1");
        if (l.integer("groups", 1) != 1) throw l.fail("grouped convolution (groups=%d) is not supported", l.integer("groups", 1));
        return new Window(l.pair("kernel_size", null), s, d, padding(l));
    }

    static Padding padding(KerasLayer l) {
        String p = l.str("padding", "valid");
        return switch (p) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> throw l.fail("padding '%s' is not supported (valid or same)", p);
        };
    }

    private static int[] outShape(KerasLayer l, Tensor x, Window w, int channels) {
        int oh = Shapes.outSize(w.padding, x.dim(1), w.kernel[0], w.strides[0], w.dilation[0]);
        int ow = Shapes.outSize(w.padding, x.dim(2), w.kernel[1], w.strides[1], w.dilation[1]);
        if (oh < 1 || ow < 1) throw l.fail("kernel %dx%d does not fit input %dx%d", w.kernel[0], w.kernel[1], x.dim(1), x.dim(2));
        return new int[] {x.dim(0), oh, ow, channels};
    }

    private static float[] bias(KerasLayer l, Map<String, Weight> w, int n) {
        return l.bool("use_bias", true) ? KerasWeights.require(l, w, "bias", n).data() : new float[n];
    }

    static Tensor conv2d(GraphBuilder b, KerasLayer l, Map<String, Weight> w, Tensor x) {
        Window win = window(l, x);
        int filters = l.positive("filters"), cin = x.dim(3);
        int kh = win.kernel[0], kw = win.kernel[1];
        Weight k = KerasWeights.require(l, w, "kernel", kh, kw, cin, filters);
        Tensor filter = b.constFloat(l.name() + "/kernel", new int[] {filters, kh, kw, cin}, hwioToOhwi(k.data(), kh, kw, cin, filters));
        Tensor bias = b.constFloat(l.name() + "/bias", new int[] {filters}, bias(l, w, filters));
        Options o = new Options.Conv(win.padding, win.strides[0], win.strides[1], win.dilation[0], win.dilation[1], Activation.NONE);
        Tensor y = b.op(OpType.CONV_2D, o, l.name(), outShape(l, x, win, filters), x, filter, bias);
        return b.configActivation(l, y);
    }

    static Tensor depthwise(GraphBuilder b, KerasLayer l, Map<String, Weight> w, Tensor x) {
        Window win = window(l, x);
        int mult = l.integer("depth_multiplier", 1), cin = x.dim(3);
        Tensor y = depthwiseOp(b, l, w, x, win, mult, bias(l, w, cin * mult), l.name());
        return b.configActivation(l, y);
    }

    static Tensor separable(GraphBuilder b, KerasLayer l, Map<String, Weight> w, Tensor x) {
        Window win = window(l, x);
        int mult = l.integer("depth_multiplier", 1), cin = x.dim(3), mid = cin * mult;
        int filters = l.positive("filters");
        Tensor dw = depthwiseOp(b, l, w, x, win, mult, new float[mid], l.name() + "/depthwise");
        Weight p = KerasWeights.require(l, w, "pointwise_kernel", 1, 1, mid, filters);
        Tensor filter = b.constFloat(l.name() + "/pointwise_kernel", new int[] {filters, 1, 1, mid}, hwioToOhwi(p.data(), 1, 1, mid, filters));
        Tensor bias = b.constFloat(l.name() + "/bias", new int[] {filters}, bias(l, w, filters));
        Options o = new Options.Conv(Padding.VALID, 1, 1, 1, 1, Activation.NONE);
        int[] shape = {dw.dim(0), dw.dim(1), dw.dim(2), filters};
        return b.configActivation(l, b.op(OpType.CONV_2D, o, l.name(), shape, dw, filter, bias));
    }

    private static Tensor depthwiseOp(GraphBuilder b, KerasLayer l, Map<String, Weight> w, Tensor x, Window win,
                                      int mult, float[] biasData, String outName) {
        int cin = x.dim(3), kh = win.kernel[0], kw = win.kernel[1];
        Weight k = KerasWeights.require(l, w, "depthwise_kernel", kh, kw, cin, mult);
        Tensor filter = b.constFloat(l.name() + "/depthwise_kernel", new int[] {1, kh, kw, cin * mult}, k.data().clone());
        Tensor bias = b.constFloat(outName + "/bias", new int[] {cin * mult}, biasData);
        Options o = new Options.DepthwiseConv(win.padding, win.strides[0], win.strides[1], win.dilation[0], win.dilation[1],
            mult, Activation.NONE);
        return b.op(OpType.DEPTHWISE_CONV_2D, o, outName, outShape(l, x, win, cin * mult), x, filter, bias);
    }

    /** Keras [kh][kw][cin][cout] -> TFLite [cout][kh][kw][cin]. */
    static float[] hwioToOhwi(float[] k, int kh, int kw, int cin, int cout) {
        float[] out = new float[k.length];
        for (int y = 0; y < kh; y++)
            for (int x = 0; x < kw; x++)
                for (int i = 0; i < cin; i++)
                    for (int o = 0; o < cout; o++)
                        out[((o * kh + y) * kw + x) * cin + i] = k[((y * kw + x) * cin + i) * cout + o];
        return out;
    }
}
