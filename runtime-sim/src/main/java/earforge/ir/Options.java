package earforge.ir;

/** Operator options, one record per option table earforge reads. */
public sealed interface Options {
    /** Options of ops that carry none. */
    record None() implements Options {}
    record Conv(Padding padding, int strideH, int strideW, int dilationH, int dilationW, Activation activation)
            implements Options {}
    record DepthwiseConv(Padding padding, int strideH, int strideW, int dilationH, int dilationW,
                         int depthMultiplier, Activation activation) implements Options {}
    record Pool(Padding padding, int strideH, int strideW, int filterH, int filterW, Activation activation)
            implements Options {}
    record FullyConnected(Activation activation, boolean keepNumDims) implements Options {}
    /** ADD and MUL. */
    record Arith(Activation activation) implements Options {}
    record Concat(int axis, Activation activation) implements Options {}
    record Reshape(int[] newShape) implements Options {}
    record Squeeze(int[] dims) implements Options {}
    record Softmax(float beta) implements Options {}
    record Reduce(boolean keepDims) implements Options {}
    record LeakyRelu(float alpha) implements Options {}

    Options NONE = new None();

    /** The fused activation, NONE when the op has none. */
    default Activation activation() { return Activation.NONE; }
}
