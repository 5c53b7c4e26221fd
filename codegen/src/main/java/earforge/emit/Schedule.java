package earforge.emit;

import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.plan.PlanHints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which C kernel runs each operator of an optimized lowering: conv_gemm for convolutions (with a following MAX_POOL_2D
 * fused in when the convolution's output feeds only that pool), for depthwise convolutions of one input channel (a
 * convolution with one filter per output channel) and for fully connected layers of at least
 * {@link GemmLowering#MIN_FC_MACS} MACs, depthwise3x3 for 3x3 stride-1 depthwise
 * convolutions, and the reference kernel (one per operator, {@link CKernels}) for everything else. Also what the arena
 * planner must know about these kernels ({@link PlanHints}).
 */
final class Schedule {
    enum Kind { REFERENCE, GEMM, DEPTHWISE3X3, FUSED }

    /** {@code params}: ConvGemm or Depthwise3x3; {@code into}: for FUSED, the operator whose kernel runs this one. */
    record Entry(Kind kind, Record params, int into) {}

    final Entry[] entries;
    final PlanHints hints;

    private Schedule(Entry[] entries, PlanHints hints) {
        this.entries = entries;
        this.hints = hints;
    }

    /** Every operator on its reference kernel: the plain lowering. */
    static Schedule reference(Graph g) {
        Entry[] e = new Entry[g.operators.size()];
        for (int k = 0; k < e.length; k++) e[k] = new Entry(Kind.REFERENCE, null, -1);
        return new Schedule(e, PlanHints.none());
    }

    static Schedule optimized(Graph g) {
        int n = g.operators.size();
        Entry[] e = new Entry[n];
        Set<Integer> virtual = new HashSet<>();
        Map<Integer, Integer> producedAt = new HashMap<>(), scratch = new HashMap<>();
        List<PlanHints.Overlap> overlaps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (e[k] != null) continue;
            Operator op = g.operators.get(k);
            ConvGemm p = null;
            Operator pool = null;
            if ((op.type == OpType.CONV_2D || op.type == OpType.DEPTHWISE_CONV_2D
                || op.type == OpType.FULLY_CONNECTED && earforge.ir.Macs.of(g, op) >= GemmLowering.MIN_FC_MACS)
                && GemmLowering.eligible(g, op)) {
                pool = k + 1 < n && fusablePool(g, op, g.operators.get(k + 1)) ? g.operators.get(k + 1) : null;
                Operator fused = pool;
                p = fitting(() -> GemmLowering.params(g, op, fused));
            }
            Depthwise3x3 d = p == null && Depthwise3x3.eligible(g, op) ? fitting(() -> Depthwise3x3.of(g, op)) : null;
            if (p != null) {
                e[k] = new Entry(Kind.GEMM, p, -1);
                int out = op.output(0);
                if (pool != null) {
                    e[k + 1] = new Entry(Kind.FUSED, null, k);
                    virtual.add(out);
                    out = pool.output(0);
                    producedAt.put(out, k);
                }
                scratch.put(k, p.scratchBytes());
                int in = op.input(0);
                overlaps.add(new PlanHints.Overlap(k, in, out,
                    GemmLowering.inPlaceDeltas(p, g.tensor(in).bytes(), g.tensor(out).bytes())));
            } else if (d != null) {
                e[k] = new Entry(Kind.DEPTHWISE3X3, d, -1);
                scratch.put(k, d.scratchBytes());
                if (d.inPlace()) overlaps.add(new PlanHints.Overlap(k, op.input(0), op.output(0), new int[] {0}));
            } else {
                e[k] = new Entry(Kind.REFERENCE, null, -1);
            }
        }
        return new Schedule(e, new PlanHints(virtual, producedAt, scratch, overlaps));
    }

    /** The fast kernel's parameters, or null when a dimension does not fit them (the reference kernel runs it). */
    private static <T> T fitting(java.util.function.Supplier<T> params) {
        try {
            return params.get();
        } catch (ConvGemm.Unfit e) {
            return null;
        }
    }

    /** A MAX_POOL_2D reading only the convolution's output, which nothing else reads and which is no graph output. */
    static boolean fusablePool(Graph g, Operator conv, Operator next) {
        if (next.type != OpType.MAX_POOL_2D || next.input(0) != conv.output(0)) return false;
        int t = conv.output(0);
        for (int o : g.outputs) if (o == t) return false;
        for (Operator op : g.operators) {
            if (op == next) continue;
            for (int i : op.inputs) if (i == t) return false;
        }
        return true;
    }

    /** C kernel name of operator k ("fused" when another operator's kernel runs it, null for a reference copy). */
    String kernel(int k, CKernels.Spec spec) {
        return switch (entries[k].kind()) {
            case GEMM -> "conv_gemm";
            case DEPTHWISE3X3 -> "depthwise3x3";
            case FUSED -> "fused";
            case REFERENCE -> spec.isCopy() ? null : spec.c();
        };
    }
}
