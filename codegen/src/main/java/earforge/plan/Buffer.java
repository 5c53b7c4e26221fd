package earforge.plan;

import java.util.Arrays;

/**
 * One block of the arena: a tensor, or several tensors that share the same bytes (a RESHAPE output and its input,
 * an element-wise output written over its input, a kernel's output overlapping its input as the kernel allows).
 * Alive from operator {@code first} to operator {@code last} inclusive, in execution order; {@code size} is already
 * rounded up to the plan's alignment. {@code within[i]}: where tensor i starts inside the buffer (0 unless an
 * overlap is offset).
 */
public record Buffer(int id, int[] tensors, int size, int first, int last, int[] within) {
    public Buffer(int id, int[] tensors, int size, int first, int last) {
        this(id, tensors, size, first, last, new int[tensors.length]);
    }

    public boolean overlapsInTime(Buffer o) { return first <= o.last && o.first <= last; }

    public int lifetime() { return last - first + 1; }

    @Override public String toString() {
        return "buffer " + id + " " + Arrays.toString(tensors) + " size=" + size + " live=[" + first + "," + last + "]";
    }
}
