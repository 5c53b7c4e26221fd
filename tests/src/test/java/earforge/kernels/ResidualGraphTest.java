package earforge.kernels;

import static earforge.kernels.EltwiseGraphs.q;
import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import org.junit.jupiter.api.Test;

/**
 * A non-sequential graph with two inputs and two outputs: x -> RELU -> r; (x, y) -> MUL -> m;
 * (r, m) -> ADD -> out. Outputs: out, r and m (intermediate tensors that are also consumed).
 */
class ResidualGraphTest {

    static Graph residual(DType dt) {
        boolean i8 = dt == DType.INT8;
        Graph g = new Graph();
        int[] s = {1, 6, 5, 4};
        Tensor x = g.addTensor("x", dt, s, i8 ? q(0.05f, -4) : null, null);
        Tensor y = g.addTensor("y", dt, new int[] {4}, i8 ? q(0.02f, 11) : null, null);
        Tensor r = g.addTensor("relu", dt, s, i8 ? q(0.03f, -128) : null, null);
        Tensor m = g.addTensor("mul", dt, s, i8 ? q(0.004f, 2) : null, null);
        Tensor out = g.addTensor("sum", dt, s, i8 ? q(0.06f, -30) : null, null);
        g.addOperator(OpType.RELU, new int[] {x.index}, new int[] {r.index}, Options.NONE);
        g.addOperator(OpType.MUL, new int[] {x.index, y.index}, new int[] {m.index}, new Options.Arith(Activation.NONE));
        g.addOperator(OpType.ADD, new int[] {r.index, m.index}, new int[] {out.index}, new Options.Arith(Activation.RELU6));
        g.inputs = new int[] {x.index, y.index};
        g.outputs = new int[] {out.index, r.index, m.index};
        return g;
    }

    @Test
    void int8MatchesTflite() {
        OracleAssert.matchesTflite(residual(DType.INT8), 200, 1);
    }

    @Test
    void floatMatchesTflite() {
        OracleAssert.matchesTflite(residual(DType.FLOAT32), 50, 2);
    }

    @Test
    void tapsAgreeWithOutputs() {
        Graph g = residual(DType.INT8);
        byte[] x = new byte[120], y = new byte[4];
        new java.util.Random(3).nextBytes(x);
        new java.util.Random(4).nextBytes(y);
        Simulator sim = new Simulator(g);
        Object[] all = sim.runAll(x, y);
        Object[] out = sim.run(x, y);
        for (int o = 0; o < g.outputs.length; o++) assertThat((byte[]) all[g.outputs[o]]).isEqualTo((byte[]) out[o]);
    }
}
