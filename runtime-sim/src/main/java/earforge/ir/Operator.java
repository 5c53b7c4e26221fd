package earforge.ir;

import java.util.Arrays;

/** One node: tensor indices in and out (-1 = optional input absent), and its options. */
public final class Operator {
    public final OpType type;
    public final int[] inputs;
    public final int[] outputs;
    public final Options options;

    public Operator(OpType type, int[] inputs, int[] outputs, Options options) {
        this.type = type; this.inputs = inputs; this.outputs = outputs; this.options = options;
    }

    public int input(int i) { return i < inputs.length ? inputs[i] : -1; }
    public int output(int i) { return outputs[i]; }

    @Override public String toString() {
        return type + " in=" + Arrays.toString(inputs) + " out=" + Arrays.toString(outputs);
    }
}
