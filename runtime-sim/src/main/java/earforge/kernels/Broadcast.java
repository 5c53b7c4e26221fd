package earforge.kernels;

import earforge.ir.Operator;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * Numpy-style broadcasting of two operands (TFLite's NdArrayDescsForElementwiseBroadcast): both shapes are
 * right-aligned and padded with leading 1s to the output rank; a dimension of extent 1 facing a larger one
 * gets stride 0. The generated C walks the same {@code dims} with the same strides.
 *
 * @param dims     output extents (rank = the larger input rank)
 * @param strides1 element strides of operand 1 per output dimension, 0 where it is broadcast
 * @param strides2 same for operand 2
 */
public record Broadcast(int[] dims, int[] strides1, int[] strides2) {

    /** Receives the output index and the two operand indices of one element. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int out, int in1, int in2);
    }

    /** Broadcast geometry of {@code a op b}; the output tensor must have the broadcast shape. */
    public static Broadcast of(Operator op, Tensor a, Tensor b, Tensor out) {
        int rank = Math.max(a.rank(), b.rank());
        int[] ea = extend(a.shape, rank), eb = extend(b.shape, rank);
        int[] dims = new int[rank], s1 = strides(ea), s2 = strides(eb);
        for (int d = 0; d < rank; d++) {
            if (ea[d] == eb[d]) dims[d] = ea[d];
            else if (ea[d] == 1) { dims[d] = eb[d]; s1[d] = 0; }
            else if (eb[d] == 1) { dims[d] = ea[d]; s2[d] = 0; }
            else {
                throw Check.fail(op, "shapes %s and %s cannot be broadcast", Arrays.toString(a.shape), Arrays.toString(b.shape));
            }
        }
        if (!Arrays.equals(dims, out.shape)) {
            throw Check.fail(op, "output '%s' has shape %s, the broadcast shape is %s", out.name,
                Arrays.toString(out.shape), Arrays.toString(dims));
        }
        return new Broadcast(dims, s1, s2);
    }

    /** True when no operand is broadcast: the op is a flat element-wise loop. */
    public boolean elementwise() {
        for (int d = 0; d < dims.length; d++) if (strides1[d] != strides2[d] || (dims[d] != 1 && strides1[d] == 0)) return false;
        return true;
    }

    public int size() {
        int n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** Visits every output element in row-major order with its operand indices (an odometer over dims). */
    public void forEach(Visitor v) {
        int n = size(), rank = dims.length;
        if (elementwise()) {
            for (int i = 0; i < n; i++) v.visit(i, i, i);
            return;
        }
        int[] idx = new int[rank];
        int i1 = 0, i2 = 0;
        for (int o = 0; o < n; o++) {
            v.visit(o, i1, i2);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                i1 += strides1[d];
                i2 += strides2[d];
                if (idx[d] < dims[d]) break;
                i1 -= strides1[d] * dims[d];
                i2 -= strides2[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    private static int[] extend(int[] shape, int rank) {
        int[] e = new int[rank];
        Arrays.fill(e, 1);
        System.arraycopy(shape, 0, e, rank - shape.length, shape.length);
        return e;
    }

    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) { s[d] = stride; stride *= shape[d]; }
        return s;
    }
}
