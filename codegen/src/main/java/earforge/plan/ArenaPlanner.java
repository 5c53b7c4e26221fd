package earforge.plan;

import earforge.ir.Graph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * earforge's arena planner. Tensors that can share bytes are merged first ({@link Lifetimes#shared}); then several
 * placements are tried and the smallest arena wins (ties: the first in this order):
 * <ol>
 * <li>best fit, buffers by size then by lifetime (largest, longest first): each buffer goes into the smallest gap
 *     between simultaneously alive buffers that holds it (the lowest such gap on ties), else on top;</li>
 * <li>two-sided: when the buffers form a chain (each alive only together with its predecessor and successor, as in a
 *     sequential CNN), they alternate between the bottom and the top of an arena as large as the largest pair of
 *     neighbours, which is optimal;</li>
 * <li>TFLM's greedy order and first fit on the same merged buffers;</li>
 * <li>TFLM's greedy on unmerged tensors (then a RESHAPE is a copy): keeps the promise never to be larger than TFLM.</li>
 * </ol>
 */
public final class ArenaPlanner {
    private ArenaPlanner() {}

    /** Alignment of every offset and size: 4 bytes, so int32/float tensors and word loads are aligned. */
    public static final int ALIGNMENT = 4;

    public static ArenaPlan plan(Graph g) { return plan(g, ALIGNMENT, true); }

    public static ArenaPlan plan(Graph g, int alignment, boolean elementwiseInPlace) {
        return choose(Lifetimes.shared(g, alignment, elementwiseInPlace), Lifetimes.separate(g, alignment), alignment);
    }

    /** The plan of a lowering with fused kernels, scratch buffers and overlapping outputs ({@link PlanHints}). */
    public static ArenaPlan plan(Graph g, PlanHints h) {
        return choose(Lifetimes.shared(g, ALIGNMENT, true, h), Lifetimes.separate(g, ALIGNMENT, h), ALIGNMENT);
    }

    /** The smallest of the candidate placements of {@code merged}, and TFLM's greedy on {@code separate}. */
    public static ArenaPlan choose(List<Buffer> merged, List<Buffer> separate, int alignment) {
        List<ArenaPlan> candidates = new ArrayList<>();
        candidates.add(bestFit(merged, alignment));
        ArenaPlan chain = twoSided(merged, alignment);
        if (chain != null) candidates.add(chain);
        candidates.add(GreedyPlanner.plan(merged, alignment));
        candidates.add(GreedyPlanner.plan(separate, alignment));
        ArenaPlan best = candidates.get(0);
        for (ArenaPlan p : candidates) if (p.size() < best.size()) best = p;
        return best;
    }

    /** Best fit in the order size desc, lifetime desc, first use, id. */
    public static ArenaPlan bestFit(List<Buffer> buffers, int alignment) {
        List<Buffer> order = new ArrayList<>(buffers);
        order.sort(Comparator.comparingInt(Buffer::size).reversed()
            .thenComparing(Comparator.comparingInt(Buffer::lifetime).reversed())
            .thenComparingInt(Buffer::first).thenComparingInt(Buffer::id));
        int[] offsets = new int[buffers.size()];
        List<Buffer> placed = new ArrayList<>();
        for (Buffer b : order) {
            List<int[]> busy = new ArrayList<>();   // [start, end) of simultaneously alive buffers
            for (Buffer p : placed) if (p.overlapsInTime(b)) busy.add(new int[] {offsets[p.id()], offsets[p.id()] + p.size()});
            busy.sort(Comparator.comparingInt((int[] r) -> r[0]));
            int bestAt = -1, bestGap = Integer.MAX_VALUE, cursor = 0;
            for (int[] r : busy) {
                int gap = r[0] - cursor;
                if (gap >= b.size() && gap < bestGap) { bestGap = gap; bestAt = cursor; }
                cursor = Math.max(cursor, r[1]);
            }
            offsets[b.id()] = bestAt >= 0 ? bestAt : cursor;
            placed.add(b);
        }
        return ArenaPlan.of("best fit", alignment, buffers, offsets);
    }

    /** Bottom/top alternation for a chain of buffers; null when the buffers do not form a chain. */
    public static ArenaPlan twoSided(List<Buffer> buffers, int alignment) {
        List<Buffer> order = new ArrayList<>(buffers);
        order.sort(Comparator.comparingInt(Buffer::first).thenComparingInt(Buffer::last).thenComparingInt(Buffer::id));
        int n = order.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 2; j < n; j++) if (order.get(i).overlapsInTime(order.get(j))) return null;
        }
        int size = 0;
        for (int i = 0; i < n; i++) {
            int pair = order.get(i).size();
            if (i + 1 < n && order.get(i).overlapsInTime(order.get(i + 1))) pair += order.get(i + 1).size();
            size = Math.max(size, pair);
        }
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            Buffer b = order.get(i);
            offsets[b.id()] = i % 2 == 0 ? 0 : size - b.size();
        }
        return ArenaPlan.of("two-sided chain", alignment, buffers, offsets);
    }
}
