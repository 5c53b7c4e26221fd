package earforge.kernels;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import java.util.Arrays;

/** Validation helpers for kernel prepare(): each failure names the operator and the cause in one line. */
public final class Check {
    private Check() {}

    public static EarforgeException fail(Operator op, String fmt, Object... args) {
        return new EarforgeException(op.type + ": " + String.format(fmt, args));
    }

    public static Tensor in(Graph g, Operator op, int i) {
        int idx = op.input(i);
        if (idx < 0) throw fail(op, "missing input %d", i);
        return g.tensor(idx);
    }

    public static Tensor out(Graph g, Operator op, int i) {
        if (i >= op.outputs.length) throw fail(op, "missing output %d", i);
        return g.tensor(op.outputs[i]);
    }

    public static void type(Operator op, Tensor t, DType... allowed) {
        for (DType d : allowed) if (t.type == d) return;
        throw fail(op, "tensor '%s' has type %s, expected %s", t.name, t.type, Arrays.toString(allowed));
    }

    public static void rank(Operator op, Tensor t, int rank) {
        if (t.rank() != rank) throw fail(op, "tensor '%s' has rank %d, expected %d", t.name, t.rank(), rank);
    }

    public static void shape(Operator op, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape, expected)) {
            throw fail(op, "tensor '%s' has shape %s, expected %s", t.name, Arrays.toString(t.shape), Arrays.toString(expected));
        }
    }

    public static void quantized(Operator op, Tensor t) {
        if (t.quant == null) throw fail(op, "int8 tensor '%s' has no quantization parameters", t.name);
    }
}
