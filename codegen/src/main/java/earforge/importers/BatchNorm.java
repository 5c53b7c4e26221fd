package earforge.importers;

import com.fasterxml.jackson.databind.JsonNode;
import earforge.importers.KerasWeights.Weight;
import earforge.ir.Activation;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Tensor;
import java.util.Map;

/**
 * BatchNormalization (inference): y = x * s + t per channel of the last axis, with
 * s = gamma / sqrt(moving_variance + epsilon) and t = beta - moving_mean * s (float32, as TensorFlow computes it).
 * Emitted as MUL then ADD with constant [C] vectors; {@link FloatFusion} folds both into the preceding
 * CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED when the BN is that op's only consumer.
 */
final class BatchNorm {
    private BatchNorm() {}

    static Tensor emit(GraphBuilder b, KerasLayer l, Map<String, Weight> w, Tensor x) {
        int axis = axis(l);
        if (axis < 0) axis += x.rank();
        if (axis != x.rank() - 1) throw l.fail("axis %d is not the channel (last) axis of a rank-%d input", axis, x.rank());
        int c = x.dim(-1);
        float eps = (float) l.number("epsilon", 1e-3);
        float[] mean = KerasWeights.require(l, w, "moving_mean", c).data();
        float[] var = KerasWeights.require(l, w, "moving_variance", c).data();
        float[] gamma = l.bool("scale", true) ? KerasWeights.require(l, w, "gamma", c).data() : null;
        float[] beta = l.bool("center", true) ? KerasWeights.require(l, w, "beta", c).data() : null;
        float[] s = new float[c], t = new float[c];
        for (int i = 0; i < c; i++) {
            s[i] = (float) (1.0 / Math.sqrt(var[i] + eps));
            if (gamma != null) s[i] *= gamma[i];
            t[i] = (beta == null ? 0f : beta[i]) - mean[i] * s[i];
        }
        Tensor scale = b.constFloat(l.name() + "/scale", new int[] {c}, s);
        Tensor offset = b.constFloat(l.name() + "/offset", new int[] {c}, t);
        Tensor y = b.op(OpType.MUL, new Options.Arith(Activation.NONE), l.name() + "/mul", x.shape, x, scale);
        return b.op(OpType.ADD, new Options.Arith(Activation.NONE), l.name(), x.shape, y, offset);
    }

    /** axis: an integer or a one-element list (Keras 2.4+ saves [3]). */
    private static int axis(KerasLayer l) {
        JsonNode a = l.opt("axis");
        if (a == null) return -1;
        if (a.canConvertToInt()) return a.asInt();
        if (a.isArray() && a.size() == 1 && a.get(0).canConvertToInt()) return a.get(0).asInt();
        throw l.fail("axis %s is not supported (one channel axis only)", a);
    }
}
