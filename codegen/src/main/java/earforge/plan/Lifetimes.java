package earforge.plan;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tensor lifetimes over the execution order, as TFLM's AllocationInfoBuilder computes them: a graph input is alive
 * from operator 0, a computed tensor from the operator that writes it, and every tensor until the last operator that
 * reads it (a graph output: until the last operator). Constants live in flash and are not part of the arena.
 */
public final class Lifetimes {
    private Lifetimes() {}

    /** Ops whose output is the input's bytes reinterpreted: no copy when both share one buffer. */
    public static final Set<OpType> ALIAS_OPS = Set.of(OpType.RESHAPE, OpType.SQUEEZE);

    /** Element-wise ops whose C kernel reads element i before writing element i, so output may overwrite input 0. */
    public static final Set<OpType> ELEMENTWISE_OPS = Set.of(OpType.RELU, OpType.RELU6, OpType.LEAKY_RELU,
        OpType.LOGISTIC, OpType.TANH, OpType.QUANTIZE, OpType.ADD, OpType.MUL);

    /** first[t], last[t] per tensor index; -1 for tensors outside the arena (constants, unused). */
    public record Spans(int[] first, int[] last) {
        public boolean inArena(int t) { return first[t] >= 0; }
    }

    public static Spans spans(Graph g) {
        int n = g.tensors.size(), ops = g.operators.size();
        int[] first = new int[n], last = new int[n];
        Arrays.fill(first, -1);
        Arrays.fill(last, -1);
        for (int i : g.inputs) if (!g.tensor(i).isConstant()) { first[i] = 0; last[i] = 0; }
        for (int k = 0; k < ops; k++) {
            Operator op = g.operators.get(k);
            for (int i : op.inputs) {
                if (i < 0 || g.tensor(i).isConstant()) continue;
                if (first[i] < 0) {
                    throw EarforgeException.of("operator %d (%s) reads tensor '%s' before any operator writes it",
                        k, op.type, g.tensor(i).name);
                }
                last[i] = Math.max(last[i], k);
            }
            for (int o : op.outputs) {
                if (first[o] < 0) { first[o] = k; last[o] = Math.max(last[o], k); }
            }
        }
        for (int o : g.outputs) if (first[o] >= 0) last[o] = Math.max(last[o], Math.max(ops - 1, 0));
        return new Spans(first, last);
    }

    /** Spans with the lowering's hints: virtual tensors leave the arena, fused outputs start at their producing step. */
    public static Spans spans(Graph g, PlanHints h) {
        Spans s = spans(g);
        for (int t : h.virtual()) { s.first[t] = -1; s.last[t] = -1; }
        h.producedAt().forEach((t, k) -> { if (s.first[t] >= 0) s.first[t] = Math.min(s.first[t], k); });
        return s;
    }

    /** A scratch buffer per operator that asks for one, alive at that operator only. */
    static void addScratch(List<Buffer> out, PlanHints h, int alignment) {
        for (var e : new TreeMap<>(h.scratch()).entrySet()) {
            if (e.getValue() <= 0) continue;
            out.add(new Buffer(out.size(), new int[] {PlanHints.scratchId(e.getKey())}, align(e.getValue(), alignment),
                e.getKey(), e.getKey()));
        }
    }

    /** Every arena tensor in its own buffer (no sharing), buffers in tensor order: TFLM's view of the graph. */
    public static List<Buffer> separate(Graph g, int alignment) { return separate(g, alignment, PlanHints.none()); }

    public static List<Buffer> separate(Graph g, int alignment, PlanHints h) {
        Spans s = spans(g, h);
        List<Buffer> out = new ArrayList<>();
        for (Tensor t : g.tensors) {
            if (!s.inArena(t.index)) continue;
            out.add(new Buffer(out.size(), new int[] {t.index}, align(t.bytes(), alignment), s.first[t.index], s.last[t.index]));
        }
        addScratch(out, h, alignment);
        return out;
    }

    /**
     * Buffers with sharing: a RESHAPE/SQUEEZE output always shares its input's buffer (tensors are written once,
     * so both stay valid); with {@code elementwise}, an element-wise output of the same size takes over its
     * input's buffer when that operator is the input's last reader and the input is not a graph output.
     */
    public static List<Buffer> shared(Graph g, int alignment, boolean elementwise) {
        return shared(g, alignment, elementwise, PlanHints.none());
    }

    /**
     * {@link #shared(Graph, int, boolean)} with the lowering's hints; an overlap hint places the output at its first
     * offset from the input (both then live in one buffer) when its operator is the input's last reader and the input
     * is not a graph output.
     */
    public static List<Buffer> shared(Graph g, int alignment, boolean elementwise, PlanHints h) {
        Spans s = spans(g, h);
        int n = g.tensors.size();
        int[] parent = new int[n], rel = new int[n];   // rel: offset from the root's start
        for (int i = 0; i < n; i++) parent[i] = i;
        int[] lastOf = s.last.clone();   // per root: the last use of all its members
        java.util.Map<Integer, PlanHints.Overlap> overlapAt = new java.util.HashMap<>();
        for (PlanHints.Overlap o : h.overlaps()) overlapAt.put(o.op(), o);
        for (int k = 0; k < g.operators.size(); k++) {
            PlanHints.Overlap ov = overlapAt.get(k);
            if (ov != null && ov.deltas().length > 0 && s.inArena(ov.in()) && s.inArena(ov.out()) && root(parent, ov.out()) == ov.out()
                && lastOf[root(parent, ov.in())] == k && !isOutput(g, ov.in(), parent)) {
                int r = root(parent, ov.in());
                parent[ov.out()] = r;
                rel[ov.out()] = rel[ov.in()] + ov.deltas()[0];
                lastOf[r] = Math.max(lastOf[r], s.last[ov.out()]);
                continue;
            }
            Operator op = g.operators.get(k);
            if (op.inputs.length == 0 || op.outputs.length != 1) continue;
            int in = op.input(0), out = op.output(0);
            if (in < 0 || !s.inArena(in) || !s.inArena(out) || root(parent, out) != out) continue;
            Tensor ti = g.tensor(in), to = g.tensor(out);
            if (ti.bytes() != to.bytes()) continue;
            boolean alias = ALIAS_OPS.contains(op.type);
            boolean over = elementwise && ELEMENTWISE_OPS.contains(op.type) && ti.type == to.type
                && Arrays.equals(ti.shape, to.shape) && lastOf[root(parent, in)] == k && !isOutput(g, in, parent);
            if (!alias && !over) continue;
            int r = root(parent, in);
            parent[out] = r;
            rel[out] = rel[in];
            lastOf[r] = Math.max(lastOf[r], s.last[out]);
        }
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int t = 0; t < n; t++) if (s.inArena(t)) groups.computeIfAbsent(root(parent, t), x -> new ArrayList<>()).add(t);
        List<Buffer> out = new ArrayList<>();
        for (List<Integer> members : groups.values()) {
            int size = 0, first = Integer.MAX_VALUE, last = -1, base = 0;
            for (int t : members) base = Math.min(base, rel[t]);
            int[] within = new int[members.size()];
            for (int i = 0; i < members.size(); i++) {
                int t = members.get(i);
                within[i] = rel[t] - base;
                size = Math.max(size, within[i] + align(g.tensor(t).bytes(), alignment));
                first = Math.min(first, s.first[t]);
                last = Math.max(last, s.last[t]);
            }
            out.add(new Buffer(out.size(), members.stream().mapToInt(Integer::intValue).toArray(), size, first, last, within));
        }
        addScratch(out, h, alignment);
        return out;
    }

    /** True when any tensor sharing t's buffer is a graph output (its bytes must survive to the end). */
    private static boolean isOutput(Graph g, int t, int[] parent) {
        int r = root(parent, t);
        for (int o : g.outputs) if (root(parent, o) == r) return true;
        return false;
    }

    private static int root(int[] parent, int t) {
        while (parent[t] != t) t = parent[t];
        return t;
    }

    public static int align(int bytes, int alignment) {
        return (bytes + alignment - 1) / alignment * alignment;
    }

    /** Largest total size of buffers alive at one operator: no plan can be smaller. */
    public static int lowerBound(List<Buffer> buffers) {
        int maxT = 0;
        for (Buffer b : buffers) maxT = Math.max(maxT, b.last());
        int best = 0;
        for (int t = 0; t <= maxT; t++) {
            int sum = 0;
            for (Buffer b : buffers) if (b.first() <= t && t <= b.last()) sum += b.size();
            best = Math.max(best, sum);
        }
        return best;
    }
}
