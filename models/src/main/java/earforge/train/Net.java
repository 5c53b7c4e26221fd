package earforge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import earforge.ir.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL (NCHW) training graph of an {@link Arch}. TensorFlow's SAME padding (extra row/column at the bottom/right
 * when the total is odd) is an explicit zero pad before a padding-free convolution, so the trained weights mean the
 * same in .tflite. The input is normalized as (x - inputMean) / inputStd after the first pad, so the export folds it
 * exactly into the first convolution (the zero padding stays in the raw domain, as in TFLite).
 */
public final class Net {
    public static final float BN_EPS = 1e-5f;

    public final Arch arch;
    public final float inputMean, inputStd;
    public final SequentialBlock block = new SequentialBlock();
    /** Per arch layer: its DJL parts (conv + optional BN, or linear); null for pooling and dropout. */
    public final List<Conv2d> convs = new ArrayList<>();
    public final List<BatchNorm> norms = new ArrayList<>();
    public final List<Linear> linears = new ArrayList<>();

    public Net(Arch arch, float inputMean, float inputStd) {
        this.arch = arch;
        this.inputMean = inputMean;
        this.inputStd = inputStd;
        List<int[]> shapes = arch.shapes();
        boolean flat = false;
        for (int i = 0; i < arch.layers().size(); i++) {
            Arch.Layer l = arch.layers().get(i);
            int[] in = shapes.get(i);
            Conv2d conv = null;
            BatchNorm bn = null;
            Linear lin = null;
            if (l instanceof Arch.Conv c) {
                if (c.padding() == Padding.SAME) {
                    int pt = Arch.padBefore(in[0], c.kh(), c.stride()), pb = Arch.padTotal(in[0], c.kh(), c.stride()) - pt;
                    int pl = Arch.padBefore(in[1], c.kw(), c.stride()), pr = Arch.padTotal(in[1], c.kw(), c.stride()) - pl;
                    if (pt + pb + pl + pr > 0) block.add(x -> new NDList(x.singletonOrThrow().pad(new Shape(pl, pr, pt, pb), 0)));
                }
                if (i == 0) block.add(x -> new NDList(x.singletonOrThrow().sub(inputMean).div(inputStd)));
                int out = c.depthwise() ? in[2] : c.out();
                conv = Conv2d.builder().setKernelShape(new Shape(c.kh(), c.kw())).setFilters(out)
                    .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(0, 0))
                    .optGroups(c.depthwise() ? in[2] : 1).optBias(c.bias()).build();
                block.add(conv);
                if (c.bn()) {
                    bn = BatchNorm.builder().optEpsilon(BN_EPS).optMomentum(0.9f).build();
                    block.add(bn);
                }
                if (c.relu()) block.add(Activation.reluBlock());
            } else if (l instanceof Arch.MaxPool p) {
                block.add(Pool.maxPool2dBlock(new Shape(p.ph(), p.pw()), new Shape(p.ph(), p.pw())));
            } else if (l instanceof Arch.Dropout d) {
                block.add(Dropout.builder().optRate(d.rate()).build());
            } else if (l instanceof Arch.Dense d) {
                if (!flat) block.add(Blocks.batchFlattenBlock());
                flat = true;
                lin = Linear.builder().setUnits(d.out()).optBias(true).build();
                block.add(lin);
                if (d.relu()) block.add(Activation.reluBlock());
            }
            convs.add(conv);
            norms.add(bn);
            linears.add(lin);
        }
    }

    /** NCHW input shape for a batch. */
    public Shape inputShape(int batch) { return new Shape(batch, 1, arch.height(), arch.width()); }

    public static float[] floats(Block b, String param) {
        NDArray a = b.getParameters().get(param).getArray();
        return a.toFloatArray();
    }
}
