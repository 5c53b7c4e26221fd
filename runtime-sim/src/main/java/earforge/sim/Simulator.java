package earforge.sim;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import earforge.kernels.Kernel;
import earforge.kernels.Kernels;
import earforge.kernels.Values;
import java.util.Arrays;

/**
 * Runs a graph with the Java kernels. Prepares every operator once (validation, multipliers); each run
 * reuses the value arrays. Not thread-safe: one Simulator per thread.
 */
public final class Simulator {
    private final Graph graph;
    private final Kernel.Step[] steps;
    private final Object[] values;

    public Simulator(Graph graph) {
        this.graph = graph;
        int n = graph.tensors.size();
        values = new Object[n];
        boolean[] ready = new boolean[n];
        for (Tensor t : graph.tensors) {
            if (t.isConstant()) { values[t.index] = Values.decode(t.type, t.data); ready[t.index] = true; }
        }
        for (int i : graph.inputs) ready[i] = true;
        steps = new Kernel.Step[graph.operators.size()];
        for (int k = 0; k < steps.length; k++) {
            Operator op = graph.operators.get(k);
            for (int i : op.inputs) {
                if (i >= 0 && !ready[i]) {
                    throw EarforgeException.of("operator %d (%s) reads tensor '%s' before any operator writes it",
                        k, op.type, graph.tensor(i).name);
                }
            }
            steps[k] = Kernels.of(op.type).prepare(graph, op);
            for (int o : op.outputs) ready[o] = true;
        }
        for (int o : graph.outputs) {
            if (!ready[o]) throw EarforgeException.of("graph output '%s' is never computed", graph.tensor(o).name);
        }
        for (Tensor t : graph.tensors) if (values[t.index] == null) values[t.index] = Values.alloc(t);
    }

    public Graph graph() { return graph; }

    /** Runs one inference; inputs are typed arrays in graph-input order; returns copies of the outputs. */
    public Object[] run(Object... inputs) {
        invoke(inputs);
        Object[] out = new Object[graph.outputs.length];
        for (int i = 0; i < out.length; i++) out[i] = copy(values[graph.outputs[i]]);
        return out;
    }

    /** Runs one inference and returns a copy of every tensor's value (taps), indexed by tensor index. */
    public Object[] runAll(Object... inputs) {
        invoke(inputs);
        Object[] all = new Object[values.length];
        for (int i = 0; i < all.length; i++) all[i] = copy(values[i]);
        return all;
    }

    /**
     * A JMH-free profile: runs the inputs {@code runs} times and returns, per operator (graph order), the fastest of
     * its run times in nanoseconds (the minimum is the figure least disturbed by other load on the machine).
     */
    public long[] profile(int runs, Object... inputs) {
        long[] best = new long[steps.length];
        Arrays.fill(best, Long.MAX_VALUE);
        for (int r = 0; r < runs; r++) {
            load(inputs);
            for (int k = 0; k < steps.length; k++) {
                long t = System.nanoTime();
                steps[k].run(values);
                best[k] = Math.min(best[k], System.nanoTime() - t);
            }
        }
        return best;
    }

    private void invoke(Object[] inputs) {
        load(inputs);
        for (Kernel.Step s : steps) s.run(values);
    }

    private void load(Object[] inputs) {
        if (inputs.length != graph.inputs.length) {
            throw EarforgeException.of("model takes %d input(s), got %d", graph.inputs.length, inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = graph.input(i);
            if (!Values.fits(t.type, inputs[i]) || Values.length(inputs[i]) != t.elements()) {
                throw EarforgeException.of("input '%s' must be %s with %d elements %s", t.name, t.type, t.elements(),
                    Arrays.toString(t.shape));
            }
            System.arraycopy(inputs[i], 0, values[t.index], 0, t.elements());
        }
    }

    private static Object copy(Object a) {
        if (a instanceof byte[] x) return x.clone();
        if (a instanceof float[] x) return x.clone();
        if (a instanceof short[] x) return x.clone();
        if (a instanceof int[] x) return x.clone();
        if (a instanceof long[] x) return x.clone();
        return a;
    }
}
