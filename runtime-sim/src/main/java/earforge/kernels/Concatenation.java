package earforge.kernels;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * CONCATENATION along one axis (negative counts from the end): for each of the {@code outer} slices before
 * the axis, copy {@code copySize[i]} elements of every input in turn (reference_ops::Concatenation). Like
 * TFLite, int8 inputs must share the output's scale and zero point (no requantization in the int8 kernel),
 * and no fused activation is allowed.
 */
public final class Concatenation implements Kernel {

    /** The copy geometry; identical for every element type. */
    public record Int8Params(int axis, int outer, int[] copySize) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor out = Check.out(g, op, 0);
        if (op.inputs.length == 0) throw Check.fail(op, "no inputs");
        Tensor t0 = Check.in(g, op, 0);
        int rank = t0.rank();
        int axis = ((Options.Concat) op.options).axis();
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) throw Check.fail(op, "axis %d out of range for rank %d", ((Options.Concat) op.options).axis(), rank);
        int sum = 0;
        int inner = 1, outer = 1;
        for (int d = axis + 1; d < rank; d++) inner *= t0.shape[d];
        for (int d = 0; d < axis; d++) outer *= t0.shape[d];
        int[] copy = new int[op.inputs.length];
        for (int i = 0; i < op.inputs.length; i++) {
            Tensor t = Check.in(g, op, i);
            if (t.rank() != rank) throw Check.fail(op, "input '%s' has rank %d, expected %d", t.name, t.rank(), rank);
            for (int d = 0; d < rank; d++) {
                if (d != axis && t.shape[d] != t0.shape[d]) {
                    throw Check.fail(op, "input shapes %s and %s differ outside axis %d", Arrays.toString(t0.shape),
                        Arrays.toString(t.shape), axis);
                }
            }
            sum += t.shape[axis];
            copy[i] = t.shape[axis] * inner;
        }
        int[] expect = t0.shape.clone();
        expect[axis] = sum;
        Check.shape(op, out, expect);
        return new Int8Params(axis, outer, copy);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor out = Check.out(g, op, 0);
        if (op.options.activation() != Activation.NONE) {
            throw Check.fail(op, "fused activation %s is not supported (TFLite requires NONE)", op.options.activation());
        }
        Int8Params p = int8Params(g, op);
        int[] in = new int[op.inputs.length];
        for (int i = 0; i < in.length; i++) {
            Tensor t = Check.in(g, op, i);
            Check.type(op, t, out.type);
            if (out.type == DType.INT8) {
                Check.quantized(op, t); Check.quantized(op, out);
                if (t.quant.scale() != out.quant.scale() || t.quant.zp() != out.quant.zp()) {
                    throw Check.fail(op, "int8 input '%s' (%s) must have the output's scale and zero point (%s), as in TFLite",
                        t.name, t.quant, out.quant);
                }
            }
            in[i] = t.index;
        }
        return v -> {
            Object[] src = new Object[in.length];
            for (int i = 0; i < in.length; i++) src[i] = v[in[i]];
            eval(p, src, v[out.index]);
        };
    }

    /** Works on any value array type (byte[], float[], ...): a sequence of block copies. */
    public static void eval(Int8Params p, Object[] inputs, Object out) {
        int pos = 0;
        for (int k = 0; k < p.outer(); k++) {
            for (int i = 0; i < inputs.length; i++) {
                int n = p.copySize()[i];
                System.arraycopy(inputs[i], k * n, out, pos, n);
                pos += n;
            }
        }
    }
}
