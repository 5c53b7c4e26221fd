package earforge.importers;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.HashMap;
import java.util.Map;

/** Builds the float IR graph while layers are imported: Keras tensor -> IR tensor, constants, operators. */
final class GraphBuilder {
    final Graph g = new Graph();
    private final Map<String, Tensor> bound = new HashMap<>();

    boolean has(KerasLayer.Ref r) { return bound.containsKey(r.key()); }

    Tensor get(KerasLayer l, KerasLayer.Ref r) {
        Tensor t = bound.get(r.key());
        if (t == null) throw l.fail("input %s is not produced by any layer", r);
        return t;
    }

    /** Records the output of call {@code node} of layer {@code l}. */
    void bind(KerasLayer l, int node, Tensor t) { bound.put(new KerasLayer.Ref(l.name(), node, 0).key(), t); }

    Tensor input(String name, int[] shape) {
        Tensor t = g.addTensor(name, DType.FLOAT32, shape, null, null);
        int[] in = java.util.Arrays.copyOf(g.inputs, g.inputs.length + 1);
        in[in.length - 1] = t.index;
        g.inputs = in;
        return t;
    }

    Tensor constFloat(String name, int[] shape, float[] data) {
        return g.addTensor(name, DType.FLOAT32, shape, null, Values.encode(data));
    }

    Tensor constInt(String name, int[] shape, int[] data) {
        return g.addTensor(name, DType.INT32, shape, null, Values.encode(data));
    }

    /** Adds one operator with a new float output tensor and returns that tensor. */
    Tensor op(OpType type, Options options, String outName, int[] outShape, Tensor... inputs) {
        Tensor out = g.addTensor(outName, DType.FLOAT32, outShape, null, null);
        int[] in = new int[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = inputs[i].index;
        g.addOperator(type, in, new int[] {out.index}, options);
        return out;
    }

    /**
     * A Keras activation by name, as its own operator; {@link FloatFusion} later folds RELU/RELU6 into the
     * producing operator where TFLite's converter would. "linear" is the identity.
     */
    Tensor activation(KerasLayer l, String act, Tensor x) {
        String name = l.name() + "/" + act;
        return switch (act) {
            case "linear" -> x;
            case "relu" -> op(OpType.RELU, Options.NONE, name, x.shape, x);
            case "relu6" -> op(OpType.RELU6, Options.NONE, name, x.shape, x);
            case "sigmoid" -> op(OpType.LOGISTIC, Options.NONE, name, x.shape, x);
            case "tanh" -> op(OpType.TANH, Options.NONE, name, x.shape, x);
            case "softmax" -> op(OpType.SOFTMAX, new Options.Softmax(1f), name, x.shape, x);
            default -> throw l.fail("activation '%s' is not supported (supported: linear, relu, relu6, sigmoid, tanh, softmax)", act);
        };
    }

    /** The layer's own "activation" config entry applied to x (default linear). */
    Tensor configActivation(KerasLayer l, Tensor x) {
        com.fasterxml.jackson.databind.JsonNode a = l.opt("activation");
        if (a != null && !a.isTextual()) throw l.fail("activation %s is a custom object and cannot be imported", a);
        return activation(l, a == null ? "linear" : a.asText(), x);
    }
}
