package earforge.importers;

import earforge.ir.Activation;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Graph rewrites the TFLite converter also makes on a float model, then removal of dead ops and unused tensors:
 * <ul>
 * <li>MUL / ADD by a constant per-channel [C] vector right after CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED
 *     (an unfused BatchNormalization) are folded into its weights and bias, when that op has no fused activation
 *     and the MUL/ADD is the only consumer of its output;</li>
 * <li>RELU / RELU6 become the fused activation of the producing CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 *     ADD or MUL under the same condition. TANH is not fused: TFLite's float kernels ignore a fused TANH.</li>
 * </ul>
 * The importer creates fresh weight and bias tensors per op, so rewriting them in place affects no other op.
 */
public final class FloatFusion {
    private FloatFusion() {}

    private static final Set<OpType> LINEAR = EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED);
    private static final Set<OpType> ACT_HOSTS = EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D,
        OpType.FULLY_CONNECTED, OpType.ADD, OpType.MUL);

    public static Graph run(Graph g) {
        List<Operator> ops = g.operators;
        for (int k = 0; k < ops.size(); k++) {
            Operator m = ops.get(k);
            int p = fusableProducer(g, k);
            if (p < 0) continue;
            Operator prod = ops.get(p);
            Operator merged = null;
            if ((m.type == OpType.MUL || m.type == OpType.ADD) && LINEAR.contains(prod.type)) {
                float[] c = channelConstant(g, m, prod);
                if (c != null) {
                    if (m.type == OpType.MUL) scaleChannels(g, prod, c); else addBias(g, prod, c);
                    merged = prod;
                }
            } else if ((m.type == OpType.RELU || m.type == OpType.RELU6) && ACT_HOSTS.contains(prod.type)) {
                merged = new Operator(prod.type, prod.inputs, prod.outputs,
                    withActivation(prod.options, m.type == OpType.RELU ? Activation.RELU : Activation.RELU6));
            }
            if (merged == null) continue;
            ops.set(p, new Operator(merged.type, merged.inputs, m.outputs, merged.options));
            ops.remove(k);
            k--;
        }
        return compact(g);
    }

    /** Index of the op producing m's first input if m may be merged into it, else -1. */
    private static int fusableProducer(Graph g, int k) {
        Operator m = g.operators.get(k);
        if (m.inputs.length == 0) return -1;
        int x = m.inputs[0];
        for (int o : g.outputs) if (o == x) return -1;
        int producer = -1, consumers = 0;
        for (int j = 0; j < g.operators.size(); j++) {
            Operator op = g.operators.get(j);
            for (int o : op.outputs) if (o == x) producer = j;
            for (int i : op.inputs) if (i == x) consumers++;
        }
        if (producer < 0 || consumers != 1) return -1;
        return g.operators.get(producer).options.activation() == Activation.NONE ? producer : -1;
    }

    /** The constant [C] second input of m, C = output channels of prod; null when it is not one. */
    private static float[] channelConstant(Graph g, Operator m, Operator prod) {
        if (m.inputs.length != 2 || m.options.activation() != Activation.NONE) return null;
        Tensor c = g.tensor(m.inputs[1]), y = g.tensor(prod.outputs[0]);
        if (!c.isConstant() || c.rank() != 1 || c.dim(0) != y.dim(-1) || prod.input(2) < 0) return null;
        return (float[]) Values.decode(c.type, c.data);
    }

    /** Multiplies output channel o of the weights and the bias by c[o]. */
    private static void scaleChannels(Graph g, Operator prod, float[] c) {
        Tensor w = g.tensor(prod.inputs[1]);
        float[] wv = (float[]) Values.decode(w.type, w.data);
        int ch = c.length;
        for (int i = 0; i < wv.length; i++) {
            // CONV_2D [O,H,W,I] and FULLY_CONNECTED [O,I]: channel is the leading index; DEPTHWISE [1,H,W,C]: the last.
            int o = prod.type == OpType.DEPTHWISE_CONV_2D ? i % ch : i / (wv.length / ch);
            wv[i] *= c[o];
        }
        w.data = Values.encode(wv);
        Tensor b = g.tensor(prod.inputs[2]);
        float[] bv = (float[]) Values.decode(b.type, b.data);
        for (int o = 0; o < ch; o++) bv[o] *= c[o];
        b.data = Values.encode(bv);
    }

    private static void addBias(Graph g, Operator prod, float[] c) {
        Tensor b = g.tensor(prod.inputs[2]);
        float[] bv = (float[]) Values.decode(b.type, b.data);
        for (int o = 0; o < c.length; o++) bv[o] += c[o];
        b.data = Values.encode(bv);
    }

    private static Options withActivation(Options o, Activation a) {
        if (o instanceof Options.Conv c) return new Options.Conv(c.padding(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), a);
        if (o instanceof Options.DepthwiseConv c) {
            return new Options.DepthwiseConv(c.padding(), c.strideH(), c.strideW(), c.dilationH(), c.dilationW(), c.depthMultiplier(), a);
        }
        if (o instanceof Options.FullyConnected f) return new Options.FullyConnected(a, f.keepNumDims());
        if (o instanceof Options.Arith) return new Options.Arith(a);
        throw new IllegalStateException("no fused activation in " + o);
    }

    /** A new graph with only the ops the outputs depend on and only the tensors they use, in original order. */
    static Graph compact(Graph g) {
        int n = g.tensors.size();
        boolean[] needed = new boolean[n];
        for (int o : g.outputs) needed[o] = true;
        boolean[] live = new boolean[g.operators.size()];
        for (int k = live.length - 1; k >= 0; k--) {
            Operator op = g.operators.get(k);
            for (int o : op.outputs) live[k] |= needed[o];
            if (live[k]) for (int i : op.inputs) if (i >= 0) needed[i] = true;
        }
        for (int i : g.inputs) needed[i] = true;
        int[] map = new int[n];
        Graph out = new Graph();
        out.name = g.name;
        for (Tensor t : g.tensors) {
            map[t.index] = -1;
            if (needed[t.index]) map[t.index] = out.addTensor(t.name, t.type, t.shape, t.quant, t.data).index;
        }
        List<Operator> kept = new ArrayList<>();
        for (int k = 0; k < live.length; k++) if (live[k]) kept.add(g.operators.get(k));
        for (Operator op : kept) out.addOperator(op.type, remap(op.inputs, map), remap(op.outputs, map), op.options);
        out.inputs = remap(g.inputs, map);
        out.outputs = remap(g.outputs, map);
        return out;
    }

    private static int[] remap(int[] idx, int[] map) {
        int[] r = new int[idx.length];
        for (int i = 0; i < r.length; i++) r[i] = idx[i] < 0 ? -1 : map[idx[i]];
        return r;
    }
}
