package earforge.budget;

import earforge.emit.CModel;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.plan.Lifetimes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the generated C costs: arena bytes (our plan, and TFLM's greedy planner on the same tensors for
 * comparison), constant bytes (every static const table of model.c: weights, biases, requantization tables)
 * and multiply-accumulates, per layer and in total. Computed from the same lowering `generate` writes.
 */
public record Budget(String model, String board, int arenaBytes, int tflmGreedyArenaBytes, int arenaLowerBound,
                     String planner, long constantBytes, long macs, List<Layer> layers) {

    public record Layer(int index, String op, String output, int[] shape, long macs, long constantBytes) {}

    public static Budget of(Graph g, String board) {
        CModel m = Lowering.lower(g);
        int greedy = Lowering.tflmGreedy(g).size();   // TFLM's placement of the same buffers (kernel scratch included)
        List<Layer> layers = new ArrayList<>();
        long macs = 0;
        for (CModel.Step s : m.steps()) {
            Tensor out = g.tensor(g.operators.get(s.index()).output(0));
            layers.add(new Layer(s.index(), s.op(), out.name, out.shape, s.macs(), s.constantBytes()));
            macs += s.macs();
        }
        return new Budget(m.name(), board, m.plan().size(), greedy, Lifetimes.lowerBound(m.plan().buffers()),
            m.plan().method(), m.constantBytes(), macs, layers);
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on board %s%n", model, board));
        sb.append(String.format(Locale.ROOT, "%4s  %-18s %-22s %12s %12s%n", "op", "type", "output shape", "MACs", "const bytes"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, "%4d  %-18s %-22s %,12d %,12d%n", l.index(), l.op(), Arrays.toString(l.shape()), l.macs(),
                l.constantBytes()));
        }
        sb.append(String.format(Locale.ROOT, "total MACs %,d; constant bytes %,d (flash)%n", macs, constantBytes));
        sb.append(String.format(Locale.ROOT, "arena %,d bytes (%s; TFLM greedy planner %,d; lower bound %,d)%n", arenaBytes, planner,
            tflmGreedyArenaBytes, arenaLowerBound));
        return sb.toString();
    }
}
