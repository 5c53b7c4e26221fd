package earforge.sim;

import earforge.EarforgeException;
import earforge.io.Npy;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.Arrays;
import java.util.List;

/**
 * The N-batch convention of `simulate` and `run`: an input array with the model input's exact shape is one
 * inference; with one extra leading dimension N (or N replacing a leading batch dimension of 1) it is N inferences,
 * and the outputs get the same leading N.
 */
public final class Batches {
    private Batches() {}

    /** One typed array per inference, checked against the model input's type and shape. */
    public static Object[] split(Tensor t, Npy.Array a, String src) {
        if (a.type() != t.type) {
            throw EarforgeException.of("%s holds %s but model input '%s' is %s", src, a.type().name().toLowerCase(),
                t.name, t.type.name().toLowerCase());
        }
        int[] s = a.shape();
        int n;
        if (Arrays.equals(s, t.shape)) n = 1;
        else if (s.length == t.rank() + 1 && Arrays.equals(Arrays.copyOfRange(s, 1, s.length), t.shape)) n = s[0];
        else if (t.rank() > 0 && t.shape[0] == 1 && s.length == t.rank()
            && Arrays.equals(Arrays.copyOfRange(s, 1, s.length), Arrays.copyOfRange(t.shape, 1, t.rank()))) n = s[0];
        else {
            throw EarforgeException.of("%s has shape %s; model input '%s' takes %s (optionally with a leading batch dimension N)",
                src, Arrays.toString(s), t.name, Arrays.toString(t.shape));
        }
        int per = t.elements();
        Object[] runs = new Object[n];
        for (int i = 0; i < n; i++) {
            Object one = Values.alloc(t.type, per);
            System.arraycopy(a.data(), i * per, one, 0, per);
            runs[i] = one;
        }
        return runs;
    }

    /** How an input array was batched: one inference, an extra leading N, or N in place of a leading 1. */
    public enum Mode { SINGLE, EXTRA_DIM, REPLACED_ONE }

    public static Mode mode(Tensor t, Npy.Array a) {
        if (Arrays.equals(a.shape(), t.shape)) return Mode.SINGLE;
        return a.shape().length == t.rank() + 1 ? Mode.EXTRA_DIM : Mode.REPLACED_ONE;
    }

    /** Joins per-inference outputs; a batched input gives the outputs the same leading N. */
    public static Npy.Array join(Tensor t, List<Object> outs, Mode mode) {
        int per = t.elements();
        Object all = Values.alloc(t.type, per * outs.size());
        for (int i = 0; i < outs.size(); i++) System.arraycopy(outs.get(i), 0, all, i * per, per);
        int[] shape = t.shape;
        if (mode == Mode.REPLACED_ONE && t.rank() > 0 && t.shape[0] == 1) {
            shape = t.shape.clone();
            shape[0] = outs.size();
        } else if (mode != Mode.SINGLE) {
            shape = new int[t.rank() + 1];
            shape[0] = outs.size();
            System.arraycopy(t.shape, 0, shape, 1, t.rank());
        }
        return new Npy.Array(t.type, shape, all);
    }
}
