package earforge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.tflite.TfliteWriter;
import java.util.Arrays;
import java.util.Random;

/** Runs a graph in the Java simulator and in TFLite's reference kernels on the same random inputs and compares. */
public final class OracleAssert {
    private OracleAssert() {}

    /** Float tolerance of the float32 paths. */
    public static final double FLOAT_REL_TOL = 1e-5;

    /** Random values for a graph input: full int8 range, or floats in [-range, range]. */
    public static Object randomInput(Tensor t, Random r, float range) {
        int n = t.elements();
        switch (t.type) {
            case INT8: case UINT8: { byte[] a = new byte[n]; r.nextBytes(a); return a; }
            case INT16: { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = (short) r.nextInt(); return a; }
            case INT32: { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = r.nextInt(); return a; }
            case FLOAT32: { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (r.nextFloat() * 2 - 1) * range; return a; }
            default: throw new IllegalArgumentException("no random input for " + t.type);
        }
    }

    /** Writes g as .tflite (exercising the writer), then compares simulator and TFLite on {@code runs} random inputs. */
    public static void matchesTflite(Graph g, int runs, long seed) {
        matchesTflite(TfliteWriter.toBytes(g), g, runs, seed);
    }

    /** Same, for a model given as bytes and already read into g. Returns the number of values compared. */
    public static long matchesTflite(byte[] tflite, Graph g, int runs, long seed) {
        Simulator sim = new Simulator(g);
        Random r = new Random(seed);
        long compared = 0;
        try (TfliteOracle oracle = new TfliteOracle(tflite)) {
            for (int run = 0; run < runs; run++) {
                Object[] in = new Object[g.inputs.length];
                for (int i = 0; i < in.length; i++) in[i] = randomInput(g.input(i), r, 4f);
                Object[] want = oracle.run(in);
                Object[] got = sim.run(in);
                for (int o = 0; o < want.length; o++) {
                    compare(g.output(o), want[o], got[o], "run " + run + " output " + o);
                    compared += earforge.kernels.Values.length(want[o]);
                }
            }
        }
        return compared;
    }

    public static void compare(Tensor t, Object want, Object got, String where) {
        if (t.type == DType.FLOAT32) {
            float[] w = (float[]) want, gt = (float[]) got;
            assertThat(gt.length).as(where).isEqualTo(w.length);
            double maxAbs = 0;
            for (float v : w) maxAbs = Math.max(maxAbs, Math.abs(v));
            for (int i = 0; i < w.length; i++) {
                double tol = FLOAT_REL_TOL * Math.max(maxAbs, 1e-6);
                assertThat((double) gt[i]).as("%s element %d of '%s'", where, i, t.name).isCloseTo(w[i], org.assertj.core.data.Offset.offset(tol));
            }
        } else {
            byte[] w = earforge.kernels.Values.encode(want), gt = earforge.kernels.Values.encode(got);
            if (!Arrays.equals(w, gt)) {
                int diff = 0, first = -1;
                for (int i = 0; i < w.length; i++) if (w[i] != gt[i]) { diff++; if (first < 0) first = i; }
                throw new AssertionError(String.format("%s of '%s': %d of %d bytes differ, first at %d (tflite %d, sim %d)",
                    where, t.name, diff, w.length, first, w[first], gt[first]));
            }
        }
    }
}
