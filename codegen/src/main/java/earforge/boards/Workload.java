package earforge.boards;

import earforge.emit.CKernels;
import earforge.ir.Graph;
import earforge.ir.Macs;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;

/**
 * The work of one operator as the cost model counts it: its C kernel ("copy" for RESHAPE/SQUEEZE), MACs, taps
 * (filter or pooling window positions visited, summed over outputs: the inner-loop iterations that are not MACs) and
 * output elements.
 */
public record Workload(String kernel, long macs, long taps, long outputs) {

    /** {@code code}: the step's C code (an in-place RESHAPE costs nothing). */
    public static Workload of(Graph g, Operator op, int index, String code) {
        CKernels.Spec spec = CKernels.of(op, index);
        if (spec.isCopy() && !code.contains("memcpy")) return new Workload("copy", 0, 0, 0);
        long outputs = 0;
        for (int o : op.outputs) outputs += g.tensor(o).elements();
        long taps = switch (op.type) {
            case CONV_2D, DEPTHWISE_CONV_2D -> {
                Tensor w = g.tensor(op.inputs[1]);
                yield outputs * w.dim(1) * w.dim(2);
            }
            case AVERAGE_POOL_2D, MAX_POOL_2D -> {
                Options.Pool p = (Options.Pool) op.options;
                yield outputs * p.filterH() * p.filterW();
            }
            case MEAN -> g.tensor(op.inputs[0]).elements();
            default -> 0L;
        };
        return new Workload(spec.isCopy() ? "copy" : spec.c(), Macs.of(g, op), taps, outputs);
    }
}
