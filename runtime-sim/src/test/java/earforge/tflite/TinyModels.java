package earforge.tflite;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.Random;

/** Small graphs the tests make themselves (no ../shared needed). */
public final class TinyModels {
    private TinyModels() {}

    /** in[1,8] int8 -> FC(6, RELU) -> FC(3) int8, per-channel weights. */
    public static Graph fc2(long seed) {
        Random r = new Random(seed);
        Graph g = new Graph();
        Tensor in = g.addTensor("in", DType.INT8, new int[] {1, 8}, Quant.perTensor(0.1f, 3), null);
        Tensor h = fc(g, r, in, 6, Quant.perTensor(0.05f, -128), Activation.RELU);
        Tensor out = fc(g, r, h, 3, Quant.perTensor(0.2f, -5), Activation.NONE);
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        return g;
    }

    static Tensor fc(Graph g, Random r, Tensor in, int units, Quant q, Activation act) {
        int depth = in.dim(-1);
        byte[] w = new byte[units * depth];
        r.nextBytes(w);
        float[] ws = new float[units];
        for (int i = 0; i < units; i++) ws[i] = 0.01f * (1 + r.nextFloat());
        Tensor wt = g.addTensor("w" + g.tensors.size(), DType.INT8, new int[] {units, depth}, new Quant(ws, new long[units], 0), w);
        int[] b = new int[units];
        float[] bs = new float[units];
        for (int i = 0; i < units; i++) { b[i] = r.nextInt(400) - 200; bs[i] = in.quant.scale() * ws[i]; }
        Tensor bt = g.addTensor("b" + g.tensors.size(), DType.INT32, new int[] {units}, new Quant(bs, new long[units], 0), Values.encode(b));
        Tensor out = g.addTensor("o" + g.tensors.size(), DType.INT8, new int[] {1, units}, q, null);
        g.addOperator(OpType.FULLY_CONNECTED, new int[] {in.index, wt.index, bt.index}, new int[] {out.index},
            new Options.FullyConnected(act, false));
        return out;
    }
}
