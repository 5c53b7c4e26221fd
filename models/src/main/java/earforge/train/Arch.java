package earforge.train;

import earforge.EarforgeException;
import earforge.ir.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequential CNN described once and used twice: {@link Net} builds the DJL training graph from it and
 * {@link Exporter} the .tflite graph. Shapes are (height = mel bands, width = frames, channels).
 * ReLU sits right after conv (+BN); the thesis' conv -> BN -> maxpool -> ReLU is the same function because
 * relu(maxpool(x)) == maxpool(relu(x)) (ReLU is monotonic), which lets the export fuse ReLU into CONV_2D.
 */
public record Arch(String name, int height, int width, int classes, List<Layer> layers) {

    public sealed interface Layer permits Conv, MaxPool, Dense, Dropout {}

    /** 2-D convolution; {@code depthwise}: one filter per input channel (multiplier 1, out == in). TF padding rules. */
    public record Conv(int out, int kh, int kw, int stride, Padding padding, boolean depthwise, boolean bias,
                       boolean bn, boolean relu) implements Layer {}

    /** Max pooling, window = stride, VALID. */
    public record MaxPool(int ph, int pw) implements Layer {}

    /** Fully connected; the first one flattens its input (NHWC order in .tflite). */
    public record Dense(int out, boolean relu) implements Layer {}

    public record Dropout(float rate) implements Layer {}

    /** (h, w, c) after each layer; index 0 = input. Dense outputs are (1, 1, out). */
    public List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        int h = height, w = width, c = 1;
        s.add(new int[] {h, w, c});
        for (Layer l : layers) {
            if (l instanceof Conv v) {
                h = outSize(h, v.kh(), v.stride(), v.padding());
                w = outSize(w, v.kw(), v.stride(), v.padding());
                c = v.depthwise() ? c : v.out();
            } else if (l instanceof MaxPool p) {
                h = (h - p.ph()) / p.ph() + 1;
                w = (w - p.pw()) / p.pw() + 1;
            } else if (l instanceof Dense d) {
                h = 1; w = 1; c = d.out();
            }
            if (h < 1 || w < 1) throw EarforgeException.of("%s: input %dx%d too small for layer %s", name, height, width, l);
            s.add(new int[] {h, w, c});
        }
        return s;
    }

    /** TensorFlow's output size: SAME ceil(in / s), VALID ceil((in - k + 1) / s). */
    public static int outSize(int in, int k, int s, Padding p) {
        return p == Padding.SAME ? (in + s - 1) / s : (in - k + s) / s;
    }

    /** TensorFlow's SAME padding before (top/left); the rest goes after (bottom/right). */
    public static int padBefore(int in, int k, int s) { return padTotal(in, k, s) / 2; }

    public static int padTotal(int in, int k, int s) {
        return Math.max((outSize(in, k, s, Padding.SAME) - 1) * s + k - in, 0);
    }

    public long params() {
        long n = 0;
        List<int[]> s = shapes();
        for (int i = 0; i < layers.size(); i++) {
            int[] in = s.get(i);
            Layer l = layers.get(i);
            if (l instanceof Conv v) {
                int outCh = v.depthwise() ? in[2] : v.out();
                n += (long) (v.depthwise() ? 1 : in[2]) * outCh * v.kh() * v.kw() + (v.bias() || v.bn() ? outCh : 0);
            } else if (l instanceof Dense d) {
                n += (long) in[0] * in[1] * in[2] * d.out() + d.out();
            }
        }
        return n;
    }

    public static final List<String> NAMES = List.of("sbcnn", "stride-ds-24");

    public static Arch of(String name, int height, int width, int classes) {
        return switch (name) {
            case "sbcnn" -> sbcnn(height, width, classes);
            case "stride-ds-24" -> strideDs(24, height, width, classes);
            default -> throw EarforgeException.of("unknown model '%s' (models: %s)", name, NAMES);
        };
    }

    /**
     * SB-CNN (Salamon and Bello 2016) as in Nordby's thesis: Conv 24 5x5 -> BN -> MaxPool 3x2 -> ReLU; Conv 48 5x5 ->
     * BN -> MaxPool 3x2 -> ReLU; Conv 48 5x5 valid -> BN -> ReLU; Flatten -> Dropout -> Dense 64 -> ReLU -> Dropout
     * -> Dense classes -> Softmax. Conv biases are dropped where BN follows (BN's beta is the bias).
     */
    public static Arch sbcnn(int height, int width, int classes) {
        return new Arch("sbcnn", height, width, classes, List.of(
            new Conv(24, 5, 5, 1, Padding.SAME, false, false, true, true), new MaxPool(3, 2),
            new Conv(48, 5, 5, 1, Padding.SAME, false, false, true, true), new MaxPool(3, 2),
            new Conv(48, 5, 5, 1, Padding.VALID, false, false, true, true),
            new Dropout(0.5f), new Dense(64, true), new Dropout(0.5f), new Dense(classes, false)));
    }

    /**
     * Stride-DS-F (thesis, microesc/models/strided.py): three 5x5 stages with stride 2x2 instead of pooling, filters
     * F, 1.5F, 2.25F; stage 1 a standard conv, stages 2-3 depthwise-separable (Keras SeparableConv2D: strided depthwise
     * without bias, then pointwise 1x1), each stage -> BN -> ReLU, the last one VALID; then Flatten -> Dense 64 ->
     * ReLU -> Dropout -> Dense classes -> Softmax.
     */
    public static Arch strideDs(int f, int height, int width, int classes) {
        int f2 = (int) (f * 1.5), f3 = (int) (f * 1.5 * 1.5);
        return new Arch("stride-ds-" + f, height, width, classes, List.of(
            new Conv(f, 5, 5, 2, Padding.SAME, false, false, true, true),
            new Conv(0, 5, 5, 2, Padding.SAME, true, false, false, false),
            new Conv(f2, 1, 1, 1, Padding.VALID, false, false, true, true),
            new Conv(0, 5, 5, 2, Padding.VALID, true, false, false, false),
            new Conv(f3, 1, 1, 1, Padding.VALID, false, false, true, true),
            new Dense(64, true), new Dropout(0.5f), new Dense(classes, false)));
    }
}
