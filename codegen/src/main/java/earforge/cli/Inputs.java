package earforge.cli;

import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.Random;

/** Seeded random model inputs for demos and benchmarks. */
final class Inputs {
    private Inputs() {}

    static Object random(Tensor t, Random r) {
        Object a = Values.alloc(t);
        if (a instanceof byte[] b) r.nextBytes(b);
        else if (a instanceof float[] f) for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
        else if (a instanceof short[] s) for (int i = 0; i < s.length; i++) s[i] = (short) r.nextInt();
        else if (a instanceof int[] x) for (int i = 0; i < x.length; i++) x[i] = r.nextInt();
        return a;
    }
}
