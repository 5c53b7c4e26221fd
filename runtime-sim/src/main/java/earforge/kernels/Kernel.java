package earforge.kernels;

import earforge.ir.Graph;
import earforge.ir.Operator;

/**
 * One operator's implementation. {@link #prepare} validates shapes/types and precomputes parameters
 * (quantized multipliers, padding); the returned {@link Step} runs it on tensor values indexed by tensor
 * index: float[] for FLOAT32, byte[] for INT8/UINT8, short[] for INT16, int[] for INT32, long[] for INT64.
 */
public interface Kernel {
    Step prepare(Graph g, Operator op);

    @FunctionalInterface
    interface Step {
        void run(Object[] values);
    }
}
