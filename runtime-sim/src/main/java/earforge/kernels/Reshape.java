package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.util.Arrays;

/**
 * RESHAPE: a copy. The new shape comes from a constant int32 shape tensor (input 1) when present, else from
 * the options (kernels/reshape.cc); one -1 entry is inferred.
 */
public final class Reshape implements Kernel {

    /** The shape TFLite computes for the output. */
    public static int[] newShape(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0);
        int[] shape;
        Tensor st = op.input(1) >= 0 ? g.tensor(op.input(1)) : null;
        if (st != null && st.rank() == 1 && st.type == DType.INT32) {
            shape = (int[]) Values.constant(st, "shape");
        } else if (op.options instanceof Options.Reshape r && r.newShape() != null) {
            shape = r.newShape().clone();
            if (shape.length == 1 && shape[0] == 0) shape = new int[0];   // legacy scalar marker
        } else {
            throw Check.fail(op, "no new shape: neither a shape tensor nor ReshapeOptions");
        }
        int known = 1, stretch = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (stretch >= 0) throw Check.fail(op, "new shape %s has more than one -1", Arrays.toString(shape));
                stretch = i;
            } else if (shape[i] < 0) {
                throw Check.fail(op, "new shape %s has a negative dimension", Arrays.toString(shape));
            } else {
                known *= shape[i];
            }
        }
        if (stretch >= 0) shape[stretch] = known == 0 ? 0 : in.elements() / known;
        return shape;
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        int[] shape = newShape(g, op);
        if (Shapes.elements(shape) != in.elements()) {
            throw Check.fail(op, "cannot reshape %s (%d elements) to %s", Arrays.toString(in.shape), in.elements(),
                Arrays.toString(shape));
        }
        Check.shape(op, out, shape);
        return copy(op, in, out);
    }

    /** Same-type raw copy (shared with SQUEEZE); like TFLite's memcpy it ignores the quantization. */
    static Step copy(Operator op, Tensor in, Tensor out) {
        Check.type(op, out, in.type);
        int n = in.elements();
        return v -> System.arraycopy(v[in.index], 0, v[out.index], 0, n);
    }
}
