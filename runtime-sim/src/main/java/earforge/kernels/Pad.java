package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * PAD with a constant paddings tensor (int32 or int64, shape [rank, 2], values >= 0). Pads int8 with the output
 * zero point and float with 0, or with the optional third input (a constant scalar), as TFLite's reference Pad.
 */
public final class Pad implements Kernel {

    /** Input shape, leading padding per axis and output shape; padValue is the int8 fill byte (unused for float). */
    public record Int8Params(int[] inShape, int[] before, int[] outShape, byte padValue) {}

    static Int8Params geometry(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), pads = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.type(op, pads, DType.INT32, DType.INT64);
        int rank = in.rank();
        Check.shape(op, pads, rank, 2);
        Object pv = Values.constant(pads, "paddings");
        int[] before = new int[rank], want = new int[rank];
        for (int d = 0; d < rank; d++) {
            long b = pv instanceof int[] a ? a[2 * d] : ((long[]) pv)[2 * d];
            long e = pv instanceof int[] a ? a[2 * d + 1] : ((long[]) pv)[2 * d + 1];
            if (b < 0 || e < 0) throw Check.fail(op, "padding of axis %d is negative (%d, %d)", d, b, e);
            long size = in.dim(d) + b + e;
            if (size > Integer.MAX_VALUE) throw Check.fail(op, "padding of axis %d is too large", d);
            before[d] = (int) b;
            want[d] = (int) size;
        }
        if (!Arrays.equals(out.shape, want)) {
            throw Check.fail(op, "output '%s' has shape %s, expected %s", out.name, Arrays.toString(out.shape), Arrays.toString(want));
        }
        return new Int8Params(in.shape.clone(), before, want, (byte) 0);
    }

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.INT8); Check.type(op, out, DType.INT8);
        Check.quantized(op, in); Check.quantized(op, out);
        if (in.quant.zp() != out.quant.zp() || in.quant.scale() != out.quant.scale()) {
            throw Check.fail(op, "int8 input and output must have the same quantization (%s vs %s)", in.quant, out.quant);
        }
        Int8Params geo = geometry(g, op);
        byte fill = (byte) out.quant.zp();
        int ci = op.input(2);
        if (ci >= 0) {
            Tensor c = g.tensor(ci);
            Check.type(op, c, DType.INT8);
            if (c.elements() != 1) throw Check.fail(op, "constant value '%s' must be a scalar", c.name);
            if (c.quant == null || c.quant.zp() != out.quant.zp() || c.quant.scale() != out.quant.scale()) {
                throw Check.fail(op, "constant value '%s' must have the output's quantization", c.name);
            }
            fill = ((byte[]) Values.constant(c, "constant value"))[0];
        }
        return new Int8Params(geo.inShape(), geo.before(), geo.outShape(), fill);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        if (in.type == DType.FLOAT32) {
            Check.type(op, out, DType.FLOAT32);
            Int8Params geo = geometry(g, op);
            int ci = op.input(2);
            float fill = 0f;
            if (ci >= 0) {
                Tensor c = g.tensor(ci);
                Check.type(op, c, DType.FLOAT32);
                if (c.elements() != 1) throw Check.fail(op, "constant value '%s' must be a scalar", c.name);
                fill = ((float[]) Values.constant(c, "constant value"))[0];
            }
            float f = fill;
            return v -> evalFloat(geo, (float[]) v[in.index], (float[]) v[out.index], f);
        }
        Int8Params p = int8Params(g, op);
        return v -> evalInt8(p, (byte[]) v[in.index], (byte[]) v[out.index]);
    }

    public static void evalInt8(Int8Params p, byte[] in, byte[] out) {
        Arrays.fill(out, p.padValue());
        copyRows(p, in, out);
    }

    public static void evalFloat(Int8Params geo, float[] in, float[] out, float padValue) {
        Arrays.fill(out, padValue);
        copyRows(geo, in, out);
    }

    /** Copies each innermost row of the input to its place in the (pre-filled) output. */
    private static void copyRows(Int8Params p, Object in, Object out) {
        int[] s = p.inShape(), os = p.outShape(), before = p.before();
        int rank = s.length;
        if (rank == 0) { System.arraycopy(in, 0, out, 0, 1); return; }
        int row = s[rank - 1];
        int rows = row == 0 ? 0 : Shapes.elements(s) / row;
        int[] idx = new int[rank];
        for (int r = 0; r < rows; r++) {
            int o = 0;
            for (int d = 0; d < rank; d++) o = o * os[d] + idx[d] + before[d];
            System.arraycopy(in, r * row, out, o, row);
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < s[d]) break;
                idx[d] = 0;
            }
        }
    }
}
