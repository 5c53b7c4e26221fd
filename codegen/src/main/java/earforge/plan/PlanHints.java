package earforge.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lowering tells the planner beyond the graph: tensors a fused kernel never stores ({@code virtual}), tensors
 * written earlier than their operator runs (a fused pool's output, by the convolution's step: {@code producedAt}),
 * scratch bytes an operator's kernel needs while it runs ({@code scratch}, planned as a buffer alive at that operator
 * only, under the pseudo tensor id {@link #scratchId}), and outputs a kernel may write over its input
 * ({@code overlaps}).
 */
public record PlanHints(Set<Integer> virtual, Map<Integer, Integer> producedAt, Map<Integer, Integer> scratch,
                        List<Overlap> overlaps) {

    /**
     * At operator {@code op}, tensor {@code out} may start {@code deltas[i]} bytes after tensor {@code in} (the first
     * offset is used), provided {@code op} is the last reader of {@code in}.
     */
    public record Overlap(int op, int in, int out, int[] deltas) {}

    public static PlanHints none() { return new PlanHints(Set.of(), Map.of(), Map.of(), List.of()); }

    /** Pseudo tensor id of operator op's scratch buffer (negative: never a real tensor). */
    public static int scratchId(int op) { return -2 - op; }

    public static int scratchOp(int id) { return -2 - id; }
}
