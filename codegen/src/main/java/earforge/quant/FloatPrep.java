package earforge.quant;

import earforge.EarforgeException;
import earforge.importers.FloatFusion;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a float model into the form the quantizer works on, without touching the caller's graph:
 * <ol>
 * <li>a deep copy;</li>
 * <li>dynamic-range ("hybrid") weights, int8 constants with a scale feeding a float op, are dequantized to float32
 *     (real = scale[c] * (q - zp[c]) along the quantized axis);</li>
 * <li>constants read by several operators are duplicated, so folding one op's weights cannot change another's;</li>
 * <li>convolutions without a bias get a zero one;</li>
 * <li>{@link FloatFusion}: MUL/ADD by per-channel constants after a convolution or dense layer (unfolded BatchNorm)
 *     are folded into its weights and bias, RELU/RELU6 are fused into the producer, dead ops are dropped.</li>
 * </ol>
 * Afterwards every computed tensor must be float32.
 */
public final class FloatPrep {
    private FloatPrep() {}

    public static Graph prepare(Graph src) {
        Graph g = copy(src);
        dequantizeHybridWeights(g);
        unshareConstants(g);
        addMissingBias(g);   // before fusion: folding a BatchNorm's ADD needs a bias to fold into
        g = FloatFusion.run(g);
        for (Tensor t : g.tensors) {
            if (!t.isConstant() && t.type != DType.FLOAT32) {
                throw EarforgeException.of("quantize: tensor '%s' is %s; the model to quantize must be a float32 model"
                    + " (it looks %s)", t.name, t.type, g.isInt8() ? "already quantized" : "partly quantized");
            }
        }
        for (Operator op : g.operators) {
            if (op.type == OpType.QUANTIZE || op.type == OpType.DEQUANTIZE) {
                throw EarforgeException.of("quantize: the float model contains a %s operator on activations; "
                    + "give the plain float32 model", op.type);
            }
        }
        return g;
    }

    /** A deep copy: new tensors (shape and data arrays cloned), same operators (they are never mutated). */
    public static Graph copy(Graph src) {
        Graph g = new Graph();
        g.name = src.name;
        for (Tensor t : src.tensors) {
            g.addTensor(t.name, t.type, t.shape.clone(), t.quant, t.data == null ? null : t.data.clone());
        }
        for (Operator op : src.operators) g.addOperator(op.type, op.inputs.clone(), op.outputs.clone(), op.options);
        g.inputs = src.inputs.clone();
        g.outputs = src.outputs.clone();
        return g;
    }

    private static void dequantizeHybridWeights(Graph g) {
        for (Operator op : g.operators) {
            if (op.input(0) < 0 || g.tensor(op.input(0)).type != DType.FLOAT32) continue;
            for (int i = 1; i < op.inputs.length; i++) {
                if (op.inputs[i] < 0) continue;
                Tensor t = g.tensor(op.inputs[i]);
                if (!t.isConstant() || t.quant == null || (t.type != DType.INT8 && t.type != DType.UINT8)) continue;
                t.data = Values.encode(dequantize(t));
                t.type = DType.FLOAT32;
                t.quant = null;
            }
        }
    }

    /** scale * (q - zp), per channel along quant.axis when the tensor has several scales. */
    static float[] dequantize(Tensor t) {
        Quant q = t.quant;
        float[] out = new float[t.elements()];
        int axis = q.perChannel() ? q.axis() : 0;
        int inner = 1;
        for (int d = axis + 1; d < t.rank(); d++) inner *= t.dim(d);
        int channels = t.rank() == 0 ? 1 : t.dim(axis);
        for (int i = 0; i < out.length; i++) {
            int v = t.type == DType.UINT8 ? t.data[i] & 0xff : t.data[i];
            int c = q.perChannel() ? (i / inner) % channels : 0;
            out[i] = q.scale(c) * (v - q.zp(c));
        }
        return out;
    }

    /**
     * A zero bias for CONV_2D / DEPTHWISE_CONV_2D without one, as the TFLite converter emits them: TFLite's kernels
     * accept a missing bias only as a 2-input operator, and the int8 bias then simply holds zeros.
     */
    private static void addMissingBias(Graph g) {
        for (int k = 0; k < g.operators.size(); k++) {
            Operator op = g.operators.get(k);
            if ((op.type != OpType.CONV_2D && op.type != OpType.DEPTHWISE_CONV_2D) || op.input(2) >= 0 || op.input(1) < 0) continue;
            Tensor w = g.tensor(op.input(1));
            int channels = op.type == OpType.CONV_2D ? w.dim(0) : w.dim(3);
            Tensor b = g.addTensor(w.name + "_zero_bias", DType.FLOAT32, new int[] {channels}, null, new byte[4 * channels]);
            g.operators.set(k, new Operator(op.type, new int[] {op.input(0), op.input(1), b.index}, op.outputs, op.options));
        }
    }

    private static void unshareConstants(Graph g) {
        int[] users = new int[g.tensors.size()];
        for (Operator op : g.operators) for (int i : op.inputs) if (i >= 0) users[i]++;
        List<Operator> ops = new ArrayList<>(g.operators);
        g.operators.clear();
        boolean[] seen = new boolean[users.length];
        for (Operator op : ops) {
            int[] in = op.inputs.clone();
            for (int k = 0; k < in.length; k++) {
                int i = in[k];
                if (i < 0 || !g.tensor(i).isConstant() || users[i] < 2) continue;
                if (seen[i]) {
                    Tensor t = g.tensor(i);
                    in[k] = g.addTensor(t.name + "_copy" + g.tensors.size(), t.type, t.shape.clone(), t.quant, t.data.clone()).index;
                }
                seen[i] = true;
            }
            g.addOperator(op.type, in, op.outputs, op.options);
        }
    }
}
