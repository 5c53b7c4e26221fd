package earforge.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * TFLM's GreedyMemoryPlanner (micro/memory_planner/greedy_memory_planner.cc), the comparison for our planner:
 * buffers sorted by size, largest first (a stable sort: ties keep the order buffers were added); each goes into
 * the first gap, in address order, between the buffers already placed that are alive at the same time, or
 * after the last of them.
 */
public final class GreedyPlanner {
    private GreedyPlanner() {}

    public static ArenaPlan plan(List<Buffer> buffers, int alignment) {
        List<Buffer> order = new ArrayList<>(buffers);
        order.sort(Comparator.comparingInt(Buffer::size).reversed());   // List.sort is stable
        return ArenaPlan.of("TFLM greedy", alignment, buffers, firstFit(order, buffers.size()));
    }

    /** Places buffers in the given order, each at the lowest offset that fits. Offsets indexed by buffer id. */
    static int[] firstFit(List<Buffer> order, int count) {
        int[] offsets = new int[count];
        List<Buffer> placed = new ArrayList<>();   // kept sorted by offset, as TFLM's linked list
        for (Buffer b : order) {
            int candidate = 0;
            for (Buffer p : placed) {
                if (!p.overlapsInTime(b)) continue;
                int po = offsets[p.id()];
                if (po - candidate >= b.size()) break;   // the gap before p is big enough
                candidate = Math.max(candidate, po + p.size());
            }
            offsets[b.id()] = candidate;
            int at = 0;
            while (at < placed.size() && offsets[placed.get(at).id()] <= candidate) at++;
            placed.add(at, b);
        }
        return offsets;
    }
}
