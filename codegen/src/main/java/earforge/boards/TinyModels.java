package earforge.boards;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.Random;

/**
 * Small int8 models for firmware benchmarks and tests: one FULLY_CONNECTED and a SOFTMAX on an input of a given
 * quantization (what a front-end-only firmware needs to be a complete project).
 */
public final class TinyModels {
    private TinyModels() {}

    /** input [1, n] int8 (scale, zp) -> FC(classes) -> softmax; random symmetric weights, seeded. */
    public static Graph classifier(int n, float scale, int zp, int classes, long seed) {
        Random r = new Random(seed);
        Graph g = new Graph();
        g.name = "tiny_classifier";
        Tensor in = g.addTensor("input", DType.INT8, new int[] {1, n}, Quant.perTensor(scale, zp), null);
        g.inputs = new int[] {in.index};
        byte[] w = new byte[classes * n];
        r.nextBytes(w);
        for (int i = 0; i < w.length; i++) if (w[i] == -128) w[i] = -127;
        float ws = 0.01f;
        Tensor wt = g.addTensor("w", DType.INT8, new int[] {classes, n}, Quant.perTensor(ws, 0), w);
        int[] bias = new int[classes];
        for (int i = 0; i < classes; i++) bias[i] = r.nextInt(2001) - 1000;
        Tensor b = g.addTensor("b", DType.INT32, new int[] {classes}, Quant.perTensor(scale * ws, 0), Values.encode(bias));
        double accStd = Math.sqrt(n) * 74 * 74;
        Tensor logits = g.addTensor("logits", DType.INT8, new int[] {1, classes}, Quant.perTensor((float) (scale * ws * accStd / 40), 0), null);
        g.addOperator(OpType.FULLY_CONNECTED, new int[] {in.index, wt.index, b.index}, new int[] {logits.index},
            new Options.FullyConnected(Activation.NONE, false));
        Tensor out = g.addTensor("scores", DType.INT8, new int[] {1, classes}, Quant.perTensor(1f / 256, -128), null);
        g.addOperator(OpType.SOFTMAX, new int[] {logits.index}, new int[] {out.index}, new Options.Softmax(1f));
        g.outputs = new int[] {out.index};
        return g;
    }
}
