package earforge.ir;

/** Multiply-accumulates of one operator (the figure budgets and instructions/MAC use); 0 for ops without MACs. */
public final class Macs {
    private Macs() {}

    public static long of(Graph g, Operator op) {
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
