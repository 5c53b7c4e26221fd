package earforge.plan;

import java.util.Arrays;

/**
 * One block of the arena: a tensor, or several tensors that share the same bytes (a RESHAPE output and its input,
 * an element-wise output written over its input). Alive from operator {@code first} to operator {@code last}
 * inclusive, in execution order; {@code size} is already rounded up to the plan's alignment.
 */
public record Buffer(int id, int[] tensors, int size, int first, int last) {
    public boolean overlapsInTime(Buffer o) { return first <= o.last && o.first <= last; }

    public int lifetime() { return last - first + 1; }

    @Override public String toString() {
        return "buffer " + id + " " + Arrays.toString(tensors) + " size=" + size + " live=[" + first + "," + last + "]";
    }
}
