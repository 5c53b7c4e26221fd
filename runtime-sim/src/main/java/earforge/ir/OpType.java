package earforge.ir;

/** Operators earforge supports, with their .tflite BuiltinOperator codes. */
public enum OpType {
    ADD(0), AVERAGE_POOL_2D(1), CONCATENATION(2), CONV_2D(3), DEPTHWISE_CONV_2D(4), DEQUANTIZE(6),
    FULLY_CONNECTED(9), LOGISTIC(14), MAX_POOL_2D(17), MUL(18), RELU(19), RELU6(21), RESHAPE(22),
    SOFTMAX(25), TANH(28), PAD(34), MEAN(40), SQUEEZE(43), QUANTIZE(114), LEAKY_RELU(98);

    public final int code;
    OpType(int code) { this.code = code; }

    public static OpType fromCode(int code) {
        for (OpType t : values()) if (t.code == code) return t;
        return null;
    }

    /** Comma-separated list for error messages. */
    public static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (OpType t : values()) sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
        return sb.toString();
    }
}
