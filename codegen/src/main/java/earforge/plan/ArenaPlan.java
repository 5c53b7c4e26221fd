package earforge.plan;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Offsets of buffers in one arena. {@code method} names the heuristic that produced it. */
public record ArenaPlan(String method, int alignment, List<Buffer> buffers, int[] offsets, int size) {

    /** Builds a plan from offsets (indexed by buffer id) and checks it. */
    public static ArenaPlan of(String method, int alignment, List<Buffer> buffers, int[] offsets) {
        int size = 0;
        for (Buffer b : buffers) size = Math.max(size, offsets[b.id()] + b.size());
        ArenaPlan p = new ArenaPlan(method, alignment, List.copyOf(buffers), offsets.clone(), size);
        p.verify();
        return p;
    }

    /** Arena offset of a tensor, or -1 when it is not in the arena. */
    public int offsetOf(int tensor) {
        for (Buffer b : buffers) {
            for (int i = 0; i < b.tensors().length; i++) if (b.tensors()[i] == tensor) return offsets[b.id()] + b.within()[i];
        }
        return -1;
    }

    /** Fails when two buffers alive at the same time overlap in memory, or an offset is misaligned. */
    public void verify() {
        for (Buffer a : buffers) {
            int oa = offsets[a.id()];
            if (oa < 0 || oa % alignment != 0) throw EarforgeException.of("planner bug: buffer %d at offset %d", a.id(), oa);
            for (Buffer b : buffers) {
                if (a.id() >= b.id() || !a.overlapsInTime(b)) continue;
                int ob = offsets[b.id()];
                if (oa < ob + b.size() && ob < oa + a.size()) {
                    throw EarforgeException.of("planner bug: buffers %d and %d overlap (%s vs %s)", a.id(), b.id(), a, b);
                }
            }
        }
    }

    /** The plan as text: one line per buffer by offset, then memory in use per operator. */
    public String format(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "arena: %d bytes (%s, %d-byte alignment, lower bound %d)%n", size, method, alignment,
            Lifetimes.lowerBound(buffers)));
        sb.append(String.format(Locale.ROOT, "%8s %8s %9s  %s%n", "offset", "size", "live", "tensors"));
        List<Buffer> byOffset = new ArrayList<>(buffers);
        byOffset.sort(Comparator.comparingInt((Buffer b) -> offsets[b.id()]).thenComparingInt(Buffer::id));
        for (Buffer b : byOffset) {
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < b.tensors().length; i++) {
                int t = b.tensors()[i];
                if (names.length() > 0) names.append(" = ");
                if (b.within()[i] != 0) names.append('+').append(b.within()[i]).append(' ');
                if (t < 0) {
                    names.append("scratch of op ").append(PlanHints.scratchOp(t));
                    continue;
                }
                Tensor x = g.tensor(t);
                names.append('#').append(t).append(' ').append(shorten(x.name)).append(' ').append(Arrays.toString(x.shape));
            }
            sb.append(String.format(Locale.ROOT, "%8d %8d %9s  %s%n", offsets[b.id()], b.size(), b.first() + ".." + b.last(), names));
        }
        int ops = g.operators.size();
        for (int k = 0; k < ops; k++) {
            int used = 0;
            for (Buffer b : buffers) if (b.first() <= k && k <= b.last()) used += b.size();
            sb.append(String.format(Locale.ROOT, "op %3d %-18s %8d bytes live%n", k, g.operators.get(k).type, used));
        }
        return sb.toString();
    }

    static String shorten(String name) {
        if (name == null) return "?";
        int semi = name.indexOf(';');
        String s = semi > 0 ? name.substring(0, semi) : name;
        return s.length() > 48 ? s.substring(0, 45) + "..." : s;
    }
}
