package earforge.importers;

import earforge.ir.Activation;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/** Add (-> a chain of ADD) and Concatenate (-> CONCATENATION). Keras axes count the batch dimension, as TFLite's. */
final class MergeLayers {
    private MergeLayers() {}

    static Tensor add(GraphBuilder b, KerasLayer l, List<Tensor> xs) {
        if (xs.size() < 2) throw l.fail("needs at least 2 inputs, got %d", xs.size());
        Tensor acc = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            if (!Arrays.equals(acc.shape, x.shape)) {
                throw l.fail("inputs have different shapes %s and %s", Arrays.toString(acc.shape), Arrays.toString(x.shape));
            }
            String name = i == xs.size() - 1 ? l.name() : l.name() + "/add" + i;
            acc = b.op(OpType.ADD, new Options.Arith(Activation.NONE), name, acc.shape, acc, x);
        }
        return acc;
    }

    static Tensor concatenate(GraphBuilder b, KerasLayer l, List<Tensor> xs) {
        if (xs.size() < 2) throw l.fail("needs at least 2 inputs, got %d", xs.size());
        int rank = xs.get(0).rank();
        int axis = l.integer("axis", -1);
        if (axis < 0) axis += rank;
        if (axis < 1 || axis >= rank) throw l.fail("axis %d is not a non-batch axis of rank-%d inputs", l.integer("axis", -1), rank);
        int[] shape = xs.get(0).shape.clone();
        for (int i = 1; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            boolean ok = x.rank() == rank;
            for (int d = 0; ok && d < rank; d++) ok = d == axis || x.dim(d) == shape[d];
            if (!ok) throw l.fail("input shapes %s and %s do not concatenate on axis %d",
                Arrays.toString(xs.get(0).shape), Arrays.toString(x.shape), axis);
            shape[axis] += x.dim(axis);
        }
        return b.op(OpType.CONCATENATION, new Options.Concat(axis, Activation.NONE), l.name(), shape, xs.toArray(new Tensor[0]));
    }
}
