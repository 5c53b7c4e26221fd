package earforge.importers;

import com.fasterxml.jackson.databind.JsonNode;
import earforge.importers.KerasWeights.Weight;
import earforge.ir.Activation;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Dense, Flatten, Reshape, Activation, ReLU, LeakyReLU, and the input shape of InputLayer. Batch is always 1. */
final class CoreLayers {
    private CoreLayers() {}

    /** Input shape from batch_input_shape ([null, d1, ...]); the batch dimension becomes 1. */
    static int[] inputShape(KerasLayer l) {
        JsonNode s = l.opt("batch_input_shape");
        if (s == null) s = l.opt("batch_shape");
        if (s == null || !s.isArray() || s.size() < 2) throw l.fail("has no batch_input_shape (build the model with an input shape)");
        int[] shape = new int[s.size()];
        shape[0] = 1;
        for (int i = 1; i < shape.length; i++) {
            if (!s.get(i).canConvertToInt() || s.get(i).asInt() < 1) {
                throw l.fail("input dimension %d is %s; every dimension except the batch must be fixed", i, s.get(i));
            }
            shape[i] = s.get(i).asInt();
        }
        String dtype = l.opt("dtype") != null && l.opt("dtype").isTextual() ? l.str("dtype", "float32") : "float32";
        if (!dtype.equals("float32")) throw l.fail("input dtype %s is not supported (float32 only)", dtype);
        return shape;
    }

    /** Dense -> FULLY_CONNECTED on the last axis; kernel [in, units] transposed to [units, in]. */
    static Tensor dense(GraphBuilder b, KerasLayer l, Map<String, Weight> w, Tensor x) {
        int units = l.positive("units"), in = x.dim(-1);
        Weight k = KerasWeights.require(l, w, "kernel", in, units);
        float[] t = new float[k.elements()];
        for (int i = 0; i < in; i++) for (int o = 0; o < units; o++) t[o * in + i] = k.data()[i * units + o];
        Tensor weights = b.constFloat(l.name() + "/kernel", new int[] {units, in}, t);
        float[] bias = l.bool("use_bias", true) ? KerasWeights.require(l, w, "bias", units).data() : new float[units];
        Tensor bt = b.constFloat(l.name() + "/bias", new int[] {units}, bias);
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = units;
        Tensor y = b.op(OpType.FULLY_CONNECTED, new Options.FullyConnected(Activation.NONE, x.rank() > 2), l.name(), shape, x, weights, bt);
        return b.configActivation(l, y);
    }

    static Tensor flatten(GraphBuilder b, KerasLayer l, Tensor x) {
        l.requireChannelsLast();
        return reshape(b, l, x, new int[] {x.dim(0), x.elements() / x.dim(0)});
    }

    /** Reshape: target_shape excludes the batch; one entry may be -1. */
    static Tensor reshapeLayer(GraphBuilder b, KerasLayer l, Tensor x) {
        JsonNode t = l.opt("target_shape");
        if (t == null || !t.isArray()) throw l.fail("config 'target_shape' is missing");
        int[] shape = new int[t.size() + 1];
        shape[0] = x.dim(0);
        int unknown = -1;
        long known = x.dim(0);
        for (int i = 1; i < shape.length; i++) {
            shape[i] = t.get(i - 1).asInt();
            if (shape[i] == -1 && unknown < 0) unknown = i;
            else if (shape[i] < 1) throw l.fail("target_shape %s is invalid", t);
            else known *= shape[i];
        }
        if (unknown >= 0) shape[unknown] = (int) (x.elements() / known);
        if (Shapes.elements(shape) != x.elements()) {
            throw l.fail("target_shape %s does not match the %d elements of input %s", t, x.elements(), Arrays.toString(x.shape));
        }
        return reshape(b, l, x, shape);
    }

    /** RESHAPE with the shape both as options and as an int32 input (as the converter writes it); no-op when equal. */
    private static Tensor reshape(GraphBuilder b, KerasLayer l, Tensor x, int[] shape) {
        if (Arrays.equals(shape, x.shape)) return x;
        Tensor s = b.constInt(l.name() + "/shape", new int[] {shape.length}, shape);
        return b.op(OpType.RESHAPE, new Options.Reshape(shape.clone()), l.name(), shape, x, s);
    }

    static Tensor activationLayer(GraphBuilder b, KerasLayer l, Tensor x) {
        JsonNode a = l.opt("activation");
        if (a == null || !a.isTextual()) throw l.fail("activation %s cannot be imported", a);
        return b.activation(l, a.asText(), x);
    }

    /** ReLU(max_value, negative_slope, threshold): plain -> RELU, max 6 -> RELU6, slope only -> LEAKY_RELU. */
    static Tensor relu(GraphBuilder b, KerasLayer l, Tensor x) {
        double max = l.number("max_value", Double.NaN), slope = l.number("negative_slope", 0), th = l.number("threshold", 0);
        if (th != 0) throw l.fail("threshold=%s is not supported", th);
        if (slope == 0 && Double.isNaN(max)) return b.op(OpType.RELU, Options.NONE, l.name(), x.shape, x);
        if (slope == 0 && max == 6.0) return b.op(OpType.RELU6, Options.NONE, l.name(), x.shape, x);
        if (slope > 0 && Double.isNaN(max)) return b.op(OpType.LEAKY_RELU, new Options.LeakyRelu((float) slope), l.name(), x.shape, x);
        throw l.fail("max_value=%s with negative_slope=%s is not supported (plain, max_value 6, or negative_slope only)", max, slope);
    }

    static Tensor leakyRelu(GraphBuilder b, KerasLayer l, Tensor x) {
        double alpha = l.number("alpha", l.number("negative_slope", 0.3));
        return b.op(OpType.LEAKY_RELU, new Options.LeakyRelu((float) alpha), l.name(), x.shape, x);
    }
}
