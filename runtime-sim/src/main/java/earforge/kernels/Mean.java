package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * MEAN over any set of axes given by a constant int32 tensor (negative axes count from the end, duplicates
 * ignored). int8 as TFLite 2.15's reference_ops::QuantizedMeanOrSum (used for every int8 MEAN by the reference
 * kernel): int32 sums of the raw values, then one rescale by input_scale / output_scale folded with 1/count into
 * the multiplier, and the input zero point removed as zp * count. Float: float sums in input order, then / count.
 */
public final class Mean implements Kernel {

    /**
     * Everything the int8 loop (Java or generated C) needs. outStride[d] is the stride of input axis d in the
     * output (0 for reduced axes), so the output offset of an input index is sum(index[d] * outStride[d]).
     */
    public record Int8Params(int[] inShape, int[] outStride, int outElements, int count, int inputZeroPoint,
                             int outputZeroPoint, int multiplier, int shift) {}

    /** Reduced input axes, normalized and deduplicated, as TFLite's ResolveAxis. */
    static boolean[] reducedAxes(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), axes = Check.in(g, op, 1);
        Check.type(op, axes, DType.INT32);
        int[] a = (int[]) Values.constant(axes, "axis");
        boolean[] reduced = new boolean[in.rank()];
        for (int x : a) {
            int n = x < 0 ? x + in.rank() : x;
            if (n < 0 || n >= in.rank()) throw Check.fail(op, "axis %d is out of range for rank %d", x, in.rank());
            reduced[n] = true;
        }
        return reduced;
    }

    /** Shape-only part of the parameters (shared by the float path): strides and element counts. */
    static Int8Params geometry(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        boolean[] reduced = reducedAxes(g, op);
        boolean keepDims = op.options instanceof Options.Reduce r && r.keepDims();
        int rank = in.rank();
        int[] keep = new int[rank], outStride = new int[rank];
        int count = 1, kept = 0;
        for (int d = 0; d < rank; d++) {
            keep[d] = reduced[d] ? 1 : in.dim(d);
            if (reduced[d]) count *= in.dim(d); else kept++;
        }
        int[] want = keep;
        if (!keepDims) {
            want = new int[kept];
            for (int d = 0, k = 0; d < rank; d++) if (!reduced[d]) want[k++] = in.dim(d);
        }
        if (!Arrays.equals(out.shape, want)) {
            throw Check.fail(op, "output '%s' has shape %s, expected %s", out.name, Arrays.toString(out.shape), Arrays.toString(want));
        }
        if (count == 0) throw Check.fail(op, "input '%s' is empty along a reduced axis", in.name);
        for (int d = rank - 1, s = 1; d >= 0; d--) {
            outStride[d] = reduced[d] ? 0 : s;
            s *= keep[d];
        }
        return new Int8Params(in.shape.clone(), outStride, Shapes.elements(want), count, 0, 0, 0, 0);
    }

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.INT8); Check.type(op, out, DType.INT8);
        Check.quantized(op, in); Check.quantized(op, out);
        Int8Params geo = geometry(g, op);
        int[] ms = QuantMath.quantizeMultiplier((double) in.quant.scale() / (double) out.quant.scale());
        int mult = ms[0], shift = ms[1];
        // Fold 1/count into the multiplier: shift up by floor(log2(count)) (at most 32, and keep the final
        // shift >= -31), then integer-divide (truncating) by count.
        int up = 63 - Long.numberOfLeadingZeros(geo.count());
        up = Math.min(up, 32);
        up = Math.min(up, 31 + shift);
        mult = (int) (((long) mult << up) / geo.count());
        shift -= up;
        return new Int8Params(geo.inShape(), geo.outStride(), geo.outElements(), geo.count(), in.quant.zp(),
            out.quant.zp(), mult, shift);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        if (in.type == DType.FLOAT32) {
            Check.type(op, out, DType.FLOAT32);
            Int8Params geo = geometry(g, op);
            float[] sum = new float[geo.outElements()];
            return v -> evalFloat(geo, (float[]) v[in.index], (float[]) v[out.index], sum);
        }
        Int8Params p = int8Params(g, op);
        int[] sum = new int[p.outElements()];
        return v -> evalInt8(p, (byte[]) v[in.index], (byte[]) v[out.index], sum);
    }

    /** sum: scratch of outElements ints. */
    public static void evalInt8(Int8Params p, byte[] in, byte[] out, int[] sum) {
        Arrays.fill(sum, 0);
        forEachInput(p, (i, o) -> sum[o] += in[i]);
        for (int o = 0; o < p.outElements(); o++) {
            // int32 - int32 * int64 in C, cast back to int32.
            int shifted = (int) (sum[o] - (long) p.inputZeroPoint() * p.count());
            int r = QuantMath.multiplyByQuantizedMultiplier(shifted, p.multiplier(), p.shift()) + p.outputZeroPoint();
            out[o] = (byte) QuantMath.clamp(r, -128, 127);
        }
    }

    public static void evalFloat(Int8Params geo, float[] in, float[] out, float[] sum) {
        Arrays.fill(sum, 0f);
        forEachInput(geo, (i, o) -> sum[o] += in[i]);
        for (int o = 0; o < geo.outElements(); o++) out[o] = sum[o] / (float) geo.count();
    }

    private interface Visit { void at(int inOffset, int outOffset); }

    /** Walks the input in row-major order, tracking the output offset (TFLite's Reduce loop order). */
    private static void forEachInput(Int8Params p, Visit v) {
        int[] shape = p.inShape(), stride = p.outStride();
        int rank = shape.length, n = Shapes.elements(shape);
        int[] idx = new int[rank];
        int o = 0;
        for (int i = 0; i < n; i++) {
            v.at(i, o);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) { o += stride[d]; break; }
                o -= stride[d] * (shape[d] - 1);
                idx[d] = 0;
            }
        }
    }
}
