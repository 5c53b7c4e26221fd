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

    interface FloatLoop { void eval(Broadcast bc, float[] a, float[] b, float[] out, float lo, float hi); }

    interface Int8Loop<P> { void eval(P params, byte[] a, byte[] b, byte[] out); }

    /** prepare() of a broadcasting binary operator (ADD, MUL): two inputs and the output of one type, float32 or int8. */
    static <P> Kernel.Step prepareBinary(earforge.ir.Graph g, Operator op, FloatLoop floatLoop,
                                         java.util.function.BiFunction<earforge.ir.Graph, Operator, P> int8Params, Int8Loop<P> int8Loop) {
        Tensor a = Check.in(g, op, 0), b = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.type(op, a, earforge.ir.DType.FLOAT32, earforge.ir.DType.INT8);
        Check.type(op, b, a.type);
        Check.type(op, out, a.type);
        if (a.type == earforge.ir.DType.FLOAT32) {
            Broadcast bc = of(op, a, b, out);
            float lo = op.options.activation().floatMin(), hi = op.options.activation().floatMax();
            return v -> floatLoop.eval(bc, (float[]) v[a.index], (float[]) v[b.index], (float[]) v[out.index], lo, hi);
        }
        P p = int8Params.apply(g, op);
        return v -> int8Loop.eval(p, (byte[]) v[a.index], (byte[]) v[b.index], (byte[]) v[out.index]);
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
