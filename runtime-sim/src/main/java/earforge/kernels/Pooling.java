package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/** What AVERAGE_POOL_2D and MAX_POOL_2D share: the window, the int8 activation range, and how prepare() picks a loop. */
public final class Pooling {
    private Pooling() {}

    /** Everything a pool's int8 loop (Java or generated C) needs, precomputed once. */
    public record Int8Params(Window w, int actMin, int actMax) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Window w = Window.pool(g, op);
        int[] range = QuantMath.activationRange(Window.clampActivation(op), Check.out(g, op, 0).quant, -128, 127);
        return new Int8Params(w, range[0], range[1]);
    }

    interface FloatLoop { void eval(Window w, float[] in, float[] out, float lo, float hi); }

    interface Int8Loop { void eval(Int8Params p, byte[] in, byte[] out); }

    static Kernel.Step prepare(Graph g, Operator op, FloatLoop floatLoop, Int8Loop int8Loop) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        if (in.type == DType.FLOAT32) {
            Window w = Window.pool(g, op);
            float lo = Window.clampActivation(op).floatMin(), hi = op.options.activation().floatMax();
            return v -> floatLoop.eval(w, (float[]) v[in.index], (float[]) v[out.index], lo, hi);
        }
        Int8Params p = int8Params(g, op);
        return v -> int8Loop.eval(p, (byte[]) v[in.index], (byte[]) v[out.index]);
    }
}
