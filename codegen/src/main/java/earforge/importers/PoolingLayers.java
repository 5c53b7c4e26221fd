package earforge.importers;

import com.fasterxml.jackson.databind.JsonNode;
import earforge.ir.Activation;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Shapes;
import earforge.ir.Tensor;

/** MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D (-> MEAN over axes {1,2}), ZeroPadding2D (-> PAD). */
final class PoolingLayers {
    private PoolingLayers() {}

    private static void rank4(KerasLayer l, Tensor x) {
        l.requireChannelsLast();
        if (x.rank() != 4) throw l.fail("input must be rank 4 [batch, height, width, channels], got rank %d", x.rank());
    }

    /** Max or average pooling; strides default to the pool size (Keras). */
    static Tensor pool(GraphBuilder b, KerasLayer l, Tensor x, OpType type) {
        rank4(l, x);
        int[] size = l.pair("pool_size", new int[] {2, 2});
        int[] strides = l.pair("strides", size);
        Padding p = ConvLayers.padding(l);
        int oh = Shapes.outSize(p, x.dim(1), size[0], strides[0], 1), ow = Shapes.outSize(p, x.dim(2), size[1], strides[1], 1);
        if (oh < 1 || ow < 1) throw l.fail("pool %dx%d does not fit input %dx%d", size[0], size[1], x.dim(1), x.dim(2));
        Options o = new Options.Pool(p, strides[0], strides[1], size[0], size[1], Activation.NONE);
        return b.op(type, o, l.name(), new int[] {x.dim(0), oh, ow, x.dim(3)}, x);
    }

    static Tensor globalAverage(GraphBuilder b, KerasLayer l, Tensor x) {
        rank4(l, x);
        boolean keep = l.bool("keepdims", false);
        Tensor axes = b.constInt(l.name() + "/axes", new int[] {2}, new int[] {1, 2});
        int[] shape = keep ? new int[] {x.dim(0), 1, 1, x.dim(3)} : new int[] {x.dim(0), x.dim(3)};
        return b.op(OpType.MEAN, new Options.Reduce(keep), l.name(), shape, x, axes);
    }

    /** padding: n, [h, w] (symmetric), or [[top, bottom], [left, right]]. */
    static Tensor zeroPadding(GraphBuilder b, KerasLayer l, Tensor x) {
        rank4(l, x);
        JsonNode p = l.opt("padding");
        int[] tblr;
        if (p == null) tblr = new int[] {1, 1, 1, 1};
        else if (p.canConvertToInt()) tblr = new int[] {p.asInt(), p.asInt(), p.asInt(), p.asInt()};
        else if (p.isArray() && p.size() == 2 && p.get(0).canConvertToInt() && p.get(1).canConvertToInt()) {
            tblr = new int[] {p.get(0).asInt(), p.get(0).asInt(), p.get(1).asInt(), p.get(1).asInt()};
        } else if (p.isArray() && p.size() == 2 && p.get(0).isArray() && p.get(0).size() == 2 && p.get(1).isArray() && p.get(1).size() == 2) {
            tblr = new int[] {p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(), p.get(1).get(1).asInt()};
        } else {
            throw l.fail("config 'padding' %s is not n, [h, w] or [[top, bottom], [left, right]]", p);
        }
        for (int v : tblr) if (v < 0) throw l.fail("negative padding %s", p);
        Tensor pads = b.constInt(l.name() + "/paddings", new int[] {4, 2}, new int[] {0, 0, tblr[0], tblr[1], tblr[2], tblr[3], 0, 0});
        int[] shape = {x.dim(0), x.dim(1) + tblr[0] + tblr[1], x.dim(2) + tblr[2] + tblr[3], x.dim(3)};
        return b.op(OpType.PAD, Options.NONE, l.name(), shape, x, pads);
    }
}
