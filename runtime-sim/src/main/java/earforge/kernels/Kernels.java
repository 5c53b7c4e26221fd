package earforge.kernels;

import earforge.EarforgeException;
import earforge.ir.OpType;

/** The kernel class of each operator type. */
public final class Kernels {
    private Kernels() {}

    public static Kernel of(OpType type) {
        return switch (type) {
            case FULLY_CONNECTED -> new FullyConnected();
            case CONV_2D -> new Conv2D();
            case DEPTHWISE_CONV_2D -> new DepthwiseConv2D();
            case MAX_POOL_2D -> new MaxPool2D();
            case AVERAGE_POOL_2D -> new AveragePool2D();
            case MEAN -> new Mean();
            case PAD -> new Pad();
            case ADD -> new Add();
            case MUL -> new Mul();
            case SOFTMAX -> new Softmax();
            case LOGISTIC -> new Logistic();
            case TANH -> new Tanh();
            case RELU -> new Relu();
            case RELU6 -> new Relu6();
            case LEAKY_RELU -> new LeakyRelu();
            case RESHAPE -> new Reshape();
            case SQUEEZE -> new Squeeze();
            case CONCATENATION -> new Concatenation();
            case QUANTIZE -> new Quantize();
            case DEQUANTIZE -> new Dequantize();
            default -> throw EarforgeException.of("operator %s has no simulator kernel yet", type);
        };
    }
}
