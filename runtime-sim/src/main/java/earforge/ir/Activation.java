package earforge.ir;

/** Fused activation functions (.tflite ActivationFunctionType codes). */
public enum Activation {
    NONE(0), RELU(1), RELU_N1_TO_1(2), RELU6(3), TANH(4), SIGN_BIT(5);

    public final int code;
    Activation(int code) { this.code = code; }

    public static Activation fromCode(int code) {
        for (Activation a : values()) if (a.code == code) return a;
        return null;
    }

    /** Float clamp range. */
    public float floatMin() {
        return switch (this) { case RELU, RELU6 -> 0f; case RELU_N1_TO_1 -> -1f; default -> Float.NEGATIVE_INFINITY; };
    }
    public float floatMax() {
        return switch (this) { case RELU6 -> 6f; case RELU_N1_TO_1 -> 1f; default -> Float.POSITIVE_INFINITY; };
    }
}
