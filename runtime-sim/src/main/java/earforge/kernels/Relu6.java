package earforge.kernels;

/** RELU6: {@link Relu} with the upper clamp at 6 (activations.cc Relu6Eval, QuantizedReluX(0, 6)). */
public final class Relu6 extends Relu {}
