package earforge.ir;

/** Multiply-accumulates of one operator (the figure budgets and instructions/MAC use); 0 for ops without MACs. */
public final class Macs {
    private Macs() {}

    public static long of(Graph g, Operator op) {
        // `inspect` shows MACs of graphs no kernel has validated yet: 0 for an operator without the expected tensors.
        boolean weighted = op.type == OpType.CONV_2D || op.type == OpType.DEPTHWISE_CONV_2D || op.type == OpType.FULLY_CONNECTED;
        if (!weighted || op.outputs.length == 0 || op.outputs[0] < 0 || op.inputs.length < 2 || op.inputs[1] < 0) return 0;
        int wantRank = op.type == OpType.FULLY_CONNECTED ? 2 : 4;
        if (g.tensor(op.inputs[1]).rank() != wantRank) return 0;
        Tensor out = g.tensor(op.outputs[0]);
        return switch (op.type) {
            case CONV_2D -> { Tensor w = g.tensor(op.inputs[1]); yield (long) out.elements() * w.dim(1) * w.dim(2) * w.dim(3); }
            case DEPTHWISE_CONV_2D -> { Tensor w = g.tensor(op.inputs[1]); yield (long) out.elements() * w.dim(1) * w.dim(2); }
            case FULLY_CONNECTED -> (long) out.elements() * g.tensor(op.inputs[1]).dim(1);
            default -> 0L;
        };
    }

    public static long total(Graph g) {
        long s = 0;
        for (Operator op : g.operators) s += of(g, op);
        return s;
    }

    /** Bytes of constant tensors the operator reads (weights, bias). */
    public static long weightBytes(Graph g, Operator op) {
        long s = 0;
        for (int i : op.inputs) if (i >= 0 && g.tensor(i).isConstant()) s += g.tensor(i).data.length;
        return s;
    }
}
