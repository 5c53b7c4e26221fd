package earforge.quant;

import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import java.util.EnumSet;
import java.util.Set;

/**
 * Activation tensors that must share one scale and zero point because the int8 kernel moves values without
 * requantizing them (TFLite's operator_property restrict_same_input_output_scale): MAX_POOL_2D, AVERAGE_POOL_2D,
 * RESHAPE, SQUEEZE, PAD (input and output) and CONCATENATION (every input and the output). Union-find over tensor
 * indices; {@link #root} names a group.
 */
final class SameQuantGroups {
    static final Set<OpType> SAME = EnumSet.of(OpType.MAX_POOL_2D, OpType.AVERAGE_POOL_2D, OpType.RESHAPE,
        OpType.SQUEEZE, OpType.PAD, OpType.CONCATENATION);

    private final int[] parent;

    SameQuantGroups(Graph g) {
        parent = new int[g.tensors.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (Operator op : g.operators) {
            if (!SAME.contains(op.type)) continue;
            int out = op.output(0);
            int ins = op.type == OpType.CONCATENATION ? op.inputs.length : 1;
            for (int k = 0; k < ins; k++) {
                int i = op.input(k);
                if (i >= 0 && !g.tensor(i).isConstant()) union(i, out);
            }
        }
    }

    int root(int i) {
        while (parent[i] != i) { parent[i] = parent[parent[i]]; i = parent[i]; }
        return i;
    }

    private void union(int a, int b) {
        int ra = root(a), rb = root(b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);   // the earliest tensor names the group
    }
}
