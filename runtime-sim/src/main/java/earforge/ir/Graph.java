package earforge.ir;

import java.util.ArrayList;
import java.util.List;

/** A model: tensors, operators in execution order, graph inputs and outputs. */
public final class Graph {
    public String name = "model";
    public final List<Tensor> tensors = new ArrayList<>();
    public final List<Operator> operators = new ArrayList<>();
    public int[] inputs = new int[0];
    public int[] outputs = new int[0];

    public Tensor tensor(int i) { return tensors.get(i); }
    public Tensor input(int i) { return tensors.get(inputs[i]); }
    public Tensor output(int i) { return tensors.get(outputs[i]); }

    /** Adds a tensor and returns it; its index is its position. */
    public Tensor addTensor(String name, DType type, int[] shape, Quant quant, byte[] data) {
        Tensor t = new Tensor(tensors.size(), name, type, shape, quant, data);
        tensors.add(t);
        return t;
    }

    public Operator addOperator(OpType type, int[] in, int[] out, Options options) {
        Operator op = new Operator(type, in, out, options);
        operators.add(op);
        return op;
    }

    /** True when every tensor of the graph that is computed is int8 (the firmware's type). */
    public boolean isInt8() {
        for (int i : inputs) if (tensor(i).type != DType.INT8) return false;
        return true;
    }
}
