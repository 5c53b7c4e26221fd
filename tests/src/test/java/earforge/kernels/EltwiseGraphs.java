package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import earforge.tflite.TfliteWriter;

/** Tiny graphs for the element-wise, activation and shape kernel tests, and a runner for chosen inputs. */
final class EltwiseGraphs {
    private EltwiseGraphs() {}

    static Quant q(float scale, int zp) { return Quant.perTensor(scale, zp); }

    /** in -> op -> out; quantization null for float. */
    static Graph unary(OpType type, Options opt, DType dt, int[] shape, Quant qin, DType outType, int[] outShape, Quant qout) {
        Graph g = new Graph();
        Tensor in = g.addTensor("input", dt, shape, qin, null);
        Tensor out = g.addTensor("output", outType, outShape, qout, null);
        g.addOperator(type, new int[] {in.index}, new int[] {out.index}, opt);
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    static Graph unary(OpType type, Options opt, DType dt, int[] shape, Quant qin, Quant qout) {
        return unary(type, opt, dt, shape, qin, dt, shape, qout);
    }

    /** (a, b) -> op -> out, both operands graph inputs. */
    static Graph binary(OpType type, Options opt, DType dt, int[] sa, Quant qa, int[] sb, Quant qb, int[] so, Quant qo) {
        Graph g = new Graph();
        Tensor a = g.addTensor("a", dt, sa, qa, null);
        Tensor b = g.addTensor("b", dt, sb, qb, null);
        Tensor out = g.addTensor("output", dt, so, qo, null);
        g.addOperator(type, new int[] {a.index, b.index}, new int[] {out.index}, opt);
        g.inputs = new int[] {a.index, b.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    /** Runs TFLite and the simulator on the given inputs and compares every output (0 differing bytes for ints). */
    static void matchesOn(Graph g, Object... inputs) {
        try (TfliteOracle oracle = new TfliteOracle(TfliteWriter.toBytes(g))) {
            Object[] want = oracle.run(inputs);
            Object[] got = new Simulator(g).run(inputs);
            for (int o = 0; o < want.length; o++) OracleAssert.compare(g.output(o), want[o], got[o], "output " + o);
        }
    }

    /** All 256 int8 values, -128..127, in order. */
    static byte[] allInt8() {
        byte[] a = new byte[256];
        for (int i = 0; i < 256; i++) a[i] = (byte) (i - 128);
        return a;
    }
}
