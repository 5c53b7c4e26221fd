package earforge.quant;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Post-training full-integer quantization of a prepared float graph ({@link FloatPrep}) following the TFLite
 * quantization spec and converter:
 * <ul>
 * <li>activations: asymmetric int8 per tensor from the estimator's calibrated range ({@link QuantParams#asymmetric});
 *     the model input may instead take a given quantization (the front end's int8 mapping);</li>
 * <li>SOFTMAX and LOGISTIC outputs: scale 1/256, zero point -128; TANH: 1/128, 0;</li>
 * <li>pooling, reshape, squeeze, pad, concatenation: input(s) and output share one quantization
 *     ({@link SameQuantGroups}); its range is the union of the members' estimated ranges, or the fixed one;</li>
 * <li>CONV_2D weights: symmetric int8 per output channel (axis 0), DEPTHWISE_CONV_2D: per channel along axis 3,
 *     FULLY_CONNECTED: per tensor (the converter's default, accepted by every TFLite/TFLM int8 kernel) or, on request,
 *     per output channel; range +-127, zero point 0; a weight scale is widened when the bias would not fit
 *     (AdjustWeightsForBiasScale);</li>
 * <li>bias: int32, scale input_scale * weight_scale[c], zero point 0;</li>
 * <li>other float constants (ADD/MUL operands): asymmetric int8 from their own min and max.</li>
 * </ul>
 * Fused activations need nothing special: calibration taps the tensors after the activation.
 * The result keeps every tensor index and name of the float graph.
 */
public final class Quantizer {
    private Quantizer() {}

    public record Settings(Estimator estimator, double percentile, boolean fcPerChannel) {
        public static Settings defaults() { return new Settings(Estimator.MINMAX, Estimator.DEFAULT_PERCENTILE, false); }
    }

    /** One activation tensor's outcome: observed range, chosen range, parameters, and where they came from. */
    public record TensorQuant(int tensor, String name, float min, float max, float lo, float hi, float scale, int zeroPoint,
                             String source) {}

    public record Result(Graph graph, List<TensorQuant> activations) {}

    static final Set<OpType> SUPPORTED = EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED,
        OpType.MAX_POOL_2D, OpType.AVERAGE_POOL_2D, OpType.RESHAPE, OpType.SQUEEZE, OpType.SOFTMAX, OpType.LOGISTIC,
        OpType.TANH, OpType.RELU, OpType.RELU6, OpType.LEAKY_RELU, OpType.ADD, OpType.MUL, OpType.MEAN, OpType.PAD,
        OpType.CONCATENATION);

    /**
     * @param f          prepared float graph (not modified)
     * @param stats      calibration statistics indexed by tensor ({@link Calibrator})
     * @param inputQuant quantization of the model input, or null to calibrate it like any activation
     */
    public static Result quantize(Graph f, TensorStats[] stats, Settings s, Quant inputQuant) {
        for (int k = 0; k < f.operators.size(); k++) {
            Operator op = f.operators.get(k);
            if (!SUPPORTED.contains(op.type)) {
                throw EarforgeException.of("quantize: operator %d (%s) is not supported by the quantizer (supported: %s)",
                    k, op.type, SUPPORTED);
            }
        }
        Graph g = FloatPrep.copy(f);
        List<TensorQuant> report = activations(f, g, stats, s, inputQuant);
        quantizeConstants(g, s);
        new Simulator(g);   // every int8 kernel's prepare() accepts the result
        return new Result(g, report);
    }

    private static List<TensorQuant> activations(Graph f, Graph g, TensorStats[] stats, Settings s, Quant inputQuant) {
        SameQuantGroups groups = new SameQuantGroups(f);
        Map<Integer, Quant> fixed = new HashMap<>();
        Map<Integer, String> why = new HashMap<>();
        if (inputQuant != null) fix(fixed, why, groups, f, f.inputs[0], inputQuant, "front end int8 mapping");
        for (Operator op : f.operators) {
            int o = op.output(0);
            switch (op.type) {
                case SOFTMAX, LOGISTIC -> fix(fixed, why, groups, f, o, Quant.perTensor(1f / 256, -128), op.type + " output (spec)");
                case TANH -> fix(fixed, why, groups, f, o, Quant.perTensor(1f / 128, 0), "TANH output (spec)");
                default -> { }
            }
        }
        // Union of the members' estimated ranges per group.
        Map<Integer, float[]> range = new HashMap<>();
        for (Tensor t : f.tensors) {
            if (t.isConstant() || stats[t.index] == null) continue;
            float[] r = s.estimator().range(stats[t.index], s.percentile());
            range.merge(groups.root(t.index), r, (a, b) -> new float[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<TensorQuant> out = new ArrayList<>();
        for (Tensor t : f.tensors) {
            if (t.isConstant() || t.type != DType.FLOAT32) continue;
            int root = groups.root(t.index);
            float[] r = range.get(root);
            if (r == null) throw EarforgeException.of("quantize: no calibration statistics for tensor '%s'", t.name);
            Quant q = fixed.get(root);
            String src = why.get(root);
            if (q == null) {
                q = QuantParams.asymmetric(r[0], r[1]);
                src = s.estimator().name().toLowerCase(java.util.Locale.ROOT);
                if (root != t.index) src += ", shared with " + producer(f, root);
            }
            Tensor gt = g.tensor(t.index);
            gt.type = DType.INT8;
            gt.quant = q;
            TensorStats st = stats[t.index];
            out.add(new TensorQuant(t.index, t.name, st.min, st.max, r[0], r[1], q.scale(), q.zp(), src));
        }
        return out;
    }

    /** "op k (TYPE) output" or "the model input" for messages. */
    static String producer(Graph f, int tensor) {
        for (int k = 0; k < f.operators.size(); k++) {
            for (int o : f.operators.get(k).outputs) if (o == tensor) return "op " + k + " (" + f.operators.get(k).type + ") output";
        }
        return "the model input";
    }

    private static void fix(Map<Integer, Quant> fixed, Map<Integer, String> why, SameQuantGroups groups, Graph f, int t,
                            Quant q, String reason) {
        int root = groups.root(t);
        Quant prev = fixed.putIfAbsent(root, q);
        if (prev != null && !prev.equals(q)) {
            throw EarforgeException.of("quantize: tensor '%s' needs two different fixed quantizations (%s and %s)",
                f.tensor(t).name, prev, q);
        }
        why.putIfAbsent(root, reason);
    }

    /**
     * Quantizes the float constants of a graph whose activations already carry their int8 quantization: weights,
     * bias (scale from the op's input scale) and other constants.
     */
    public static void quantizeConstants(Graph g, Settings s) {
        for (Operator op : g.operators) quantizeConstants(g, op, s);
    }

    private static void quantizeConstants(Graph g, Operator op, Settings s) {
        switch (op.type) {
            case CONV_2D -> weightsAndBias(g, op, 0, true);
            case DEPTHWISE_CONV_2D -> weightsAndBias(g, op, 3, true);
            case FULLY_CONNECTED -> weightsAndBias(g, op, 0, s.fcPerChannel());
            default -> {
                for (int i : op.inputs) {
                    if (i < 0) continue;
                    Tensor t = g.tensor(i);
                    if (t.isConstant() && t.type == DType.FLOAT32) asymmetricConstant(t);
                }
            }
        }
    }

    private static void weightsAndBias(Graph g, Operator op, int axis, boolean perChannel) {
        Tensor in = g.tensor(op.input(0)), w = g.tensor(op.input(1));
        if (!w.isConstant() || w.type != DType.FLOAT32) {
            throw EarforgeException.of("quantize: %s weights '%s' must be a float32 constant", op.type, w.name);
        }
        float[] wv = (float[]) Values.decode(DType.FLOAT32, w.data);
        int channels = perChannel ? w.dim(axis) : 1;
        int inner = 1;
        for (int d = axis + 1; d < w.rank(); d++) inner *= w.dim(d);
        int[] chOf = new int[wv.length];
        float[] half = new float[channels];
        for (int i = 0; i < wv.length; i++) {
            int c = perChannel ? (i / inner) % channels : 0;
            chOf[i] = c;
            half[c] = Math.max(half[c], Math.abs(wv[i]));
        }
        Tensor b = op.input(2) >= 0 ? g.tensor(op.input(2)) : null;
        float[] bv = b == null ? null : (float[]) Values.decode(DType.FLOAT32, b.data);
        float inScale = in.quant.scale();
        if (bv != null) adjustForBias(half, bv, inScale, perChannel);
        float[] scales = new float[channels], inv = new float[channels];
        for (int c = 0; c < channels; c++) {
            // A channel of zeros keeps scale 1 (the converter's per-tensor choice); its values quantize to 0.
            scales[c] = half[c] == 0f ? 1f : half[c] / QuantParams.WMAX;
            inv[c] = half[c] == 0f ? 0f : QuantParams.WMAX / half[c];
        }
        byte[] q = new byte[wv.length];
        for (int i = 0; i < wv.length; i++) q[i] = QuantParams.quantizeSymmetric(wv[i], inv[chOf[i]]);
        w.type = DType.INT8;
        w.data = q;
        w.quant = new Quant(scales, new long[channels], perChannel ? axis : 0);
        if (b == null) return;
        if (b.type != DType.FLOAT32 || !b.isConstant()) throw EarforgeException.of("quantize: bias '%s' must be a float32 constant", b.name);
        int n = bv.length;
        float[] bs = new float[channels];
        int[] bq = new int[n];
        for (int c = 0; c < channels; c++) bs[c] = inScale * scales[c];
        for (int o = 0; o < n; o++) bq[o] = QuantParams.quantizeBias(bv[o], bs[channels == 1 ? 0 : o]);
        b.type = DType.INT32;
        b.data = Values.encode(bq);
        b.quant = new Quant(bs, new long[channels], 0);
    }

    /** AdjustWeightsForBiasScale: widen the weight range where |bias| would overflow half the int32 range. */
    private static void adjustForBias(float[] half, float[] bias, float inScale, boolean perChannel) {
        double k = Integer.MAX_VALUE;
        if (perChannel) {
            for (int c = 0; c < half.length; c++) {
                if (Math.abs(bias[c]) >= 0.5 * inScale * (half[c] / QuantParams.WMAX) * k) {
                    half[c] = (float) (2.0 * Math.abs(bias[c]) / k * (QuantParams.WMAX / inScale));
                }
            }
        } else {
            float br = 0;
            for (float x : bias) br = Math.max(br, Math.abs(x));
            if (br / k >= 0.5 * inScale * (half[0] / QuantParams.WMAX)) half[0] = (float) (2.0 * br / k * (QuantParams.WMAX / inScale));
        }
    }

    private static void asymmetricConstant(Tensor t) {
        float[] v = (float[]) Values.decode(DType.FLOAT32, t.data);
        float lo = 0, hi = 0;
        for (float x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        Quant q = QuantParams.asymmetric(lo, hi);
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int r = (int) earforge.kernels.QuantMath.roundHalfAway(v[i] / q.scale()) + q.zp();
            out[i] = (byte) Math.max(QuantParams.QMIN, Math.min(QuantParams.QMAX, r));
        }
        t.type = DType.INT8;
        t.data = out;
        t.quant = q;
    }
}
