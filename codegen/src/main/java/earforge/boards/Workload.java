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

    /**
     * The work of a lowered step, by the kernel that runs it: conv_gemm counts as taps the patch values it widens
     * (pixels x padded patch) and as outputs the convolution outputs it requantizes (a fused pool adds no step of its
     * own: "fused" costs nothing); depthwise3x3 counts as taps the input values it copies into planes. A layer whose
     * requantization takes the kernels' general path (not mode 2 into the full int8 range) is KERNEL_anyrq; conv_gemm
     * with widened weights is conv_gemm_wide, on a fully connected layer conv_gemm_direct.
     */
    public static Workload of(Graph g, earforge.emit.CModel.Step s) {
        Operator op = g.operators.get(s.index());
        if (s.kernel() == null) return of(g, op, s.index(), s.code());
        switch (s.kernel()) {
            case "fused": return new Workload("fused", 0, 0, 0);
            case "conv_gemm": {
                earforge.emit.ConvGemm p = (earforge.emit.ConvGemm) s.paramsRecord();
                long pixels = (long) p.batches() * p.outH() * p.outW();
                String k = s.kernel() + (p.wide() == 1 ? "_wide" : p.direct() == 1 ? "_direct" : "")
                    + (p.fast() == 2 && p.actMin() == -128 && p.actMax() == 127 ? "" : "_anyrq");
                return new Workload(k, Macs.of(g, op), pixels * p.chunks() * p.chunkPad(), pixels * p.outDepth());
            }
            case "depthwise3x3": {
                earforge.emit.Depthwise3x3 p = (earforge.emit.Depthwise3x3) s.paramsRecord();
                String k = p.fast() == 2 && p.actMin() == -128 && p.actMax() == 127 ? s.kernel() : s.kernel() + "_anyrq";
                return new Workload(k, Macs.of(g, op), g.tensor(op.inputs[0]).elements(), g.tensor(op.output(0)).elements());
            }
            default: return of(g, op, s.index(), s.code());
        }
    }

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
