package earforge.quant;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.sim.Simulator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs the float model (Java simulator, every tensor tapped) on calibration inputs and records each computed float
 * tensor's statistics: one pass for min/max, a second over the same inputs for the histograms when the estimator
 * needs them. Single-input models.
 */
public final class Calibrator {
    private Calibrator() {}

    /**
     * Statistics indexed by tensor index (null for constants and non-float tensors). {@code progress} receives the
     * number of model runs done so far (out of inputs.size() or twice that with histograms), may be null.
     */
    public static TensorStats[] run(Graph g, List<float[]> inputs, boolean histograms, IntConsumer progress) {
        if (g.inputs.length != 1) {
            throw earforge.EarforgeException.of("calibration supports models with one input; this one has %d", g.inputs.length);
        }
        if (inputs.isEmpty()) throw new earforge.EarforgeException("calibration: no input windows");
        Simulator sim = new Simulator(g);
        TensorStats[] stats = new TensorStats[g.tensors.size()];
        for (Tensor t : g.tensors) if (!t.isConstant() && t.type == DType.FLOAT32) stats[t.index] = new TensorStats(t.name);
        int done = 0;
        for (float[] x : inputs) {
            Object[] v = sim.runAll((Object) x);
            for (int i = 0; i < stats.length; i++) if (stats[i] != null) stats[i].observeRange((float[]) v[i]);
            if (progress != null) progress.accept(++done);
        }
        if (!histograms) return stats;
        for (TensorStats s : stats) if (s != null) s.startHistogram();
        for (float[] x : inputs) {
            Object[] v = sim.runAll((Object) x);
            for (int i = 0; i < stats.length; i++) if (stats[i] != null) stats[i].observeHistogram((float[]) v[i]);
            if (progress != null) progress.accept(++done);
        }
        return stats;
    }
}
