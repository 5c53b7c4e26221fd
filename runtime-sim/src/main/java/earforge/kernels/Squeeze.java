package earforge.kernels;

import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;

/** SQUEEZE: a copy that drops the listed size-1 dimensions (negative indices allowed), or all of them. */
public final class Squeeze implements Kernel {

    public static int[] newShape(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0);
        int[] dims = op.options instanceof Options.Squeeze s ? s.dims() : new int[0];
        int rank = in.rank();
        boolean[] drop = new boolean[rank];
        if (dims.length == 0) {
            for (int d = 0; d < rank; d++) drop[d] = in.shape[d] == 1;
        } else {
            for (int d : dims) {
                int a = d < 0 ? d + rank : d;
                if (a < 0 || a >= rank) throw Check.fail(op, "squeeze dimension %d out of range for rank %d", d, rank);
                if (in.shape[a] != 1) {
                    throw Check.fail(op, "cannot squeeze dimension %d of %s (size %d)", d, Arrays.toString(in.shape), in.shape[a]);
                }
                drop[a] = true;
            }
        }
        return IntStream.range(0, rank).filter(d -> !drop[d]).map(d -> in.shape[d]).toArray();
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.shape(op, out, newShape(g, op));
        return Reshape.copy(op, in, out);
    }
}
