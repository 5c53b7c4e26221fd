package earforge.cli;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.Random;

/** A small seeded int8 network the demo uses when ../shared is not there (no external data needed). */
final class DemoModel {
    private DemoModel() {}

    static Graph build() {
        Random r = new Random(2024);
        Graph g = new Graph();
        g.name = "demo_fc";
        Tensor in = g.addTensor("features", DType.INT8, new int[] {1, 64}, Quant.perTensor(0.05f, -3), null);
        Tensor h = dense(g, r, in, 32, Quant.perTensor(0.04f, -128), Activation.RELU);
        Tensor out = dense(g, r, h, 10, Quant.perTensor(0.1f, 2), Activation.NONE);
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    private static Tensor dense(Graph g, Random r, Tensor in, int units, Quant outQ, Activation act) {
        int depth = in.dim(-1);
        byte[] w = new byte[units * depth];
        r.nextBytes(w);
        float[] ws = new float[units];
        long[] wz = new long[units];
        for (int i = 0; i < units; i++) ws[i] = 0.002f + 0.001f * r.nextFloat();
        Tensor wt = g.addTensor(g.tensors.size() + "_w", DType.INT8, new int[] {units, depth}, new Quant(ws, wz, 0), w);
        int[] bias = new int[units];
        float[] bs = new float[units];
        for (int i = 0; i < units; i++) { bias[i] = r.nextInt(2001) - 1000; bs[i] = in.quant.scale() * ws[i]; }
        Tensor bt = g.addTensor(g.tensors.size() + "_b", DType.INT32, new int[] {units}, new Quant(bs, new long[units], 0),
            Values.encode(bias));
        Tensor out = g.addTensor(g.tensors.size() + "_out", DType.INT8, new int[] {1, units}, outQ, null);
        g.addOperator(OpType.FULLY_CONNECTED, new int[] {in.index, wt.index, bt.index}, new int[] {out.index},
            new Options.FullyConnected(act, false));
        return out;
    }
}
