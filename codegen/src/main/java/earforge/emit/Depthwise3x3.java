package earforge.emit;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import earforge.kernels.DepthwiseConv2D;
import earforge.kernels.Window;

/**
 * Parameters of the C kernel depthwise3x3 (DEPTHWISE_CONV_2D with a 3x3 filter, stride 1, no dilation, depth multiplier
 * 1), rendered as earforge_depthwise3x3_params. Each channel is copied into a padded plane (scratch, the input zero
 * point around it) and convolved in 2x2 output blocks; the input offset is folded into the bias as for conv_gemm.
 *
 * @param planeW plane row length: outW + 3 (the block's 4-byte row loads and an odd last column stay inside)
 * @param planeH outH + 3
 */
public record Depthwise3x3(short batches, short inH, short inW, short depth, short outH, short outW, short padH, short padW,
                           short planeW, short planeH, short inputZeroPoint, int[] bias, int[] multiplier, byte[] shift,
                           short outputOffset, short actMin, short actMax, short fast) {

    static boolean eligible(Graph g, Operator op) {
        if (op.type != OpType.DEPTHWISE_CONV_2D) return false;
        Tensor in = g.tensor(op.input(0)), f = g.tensor(op.input(1));
        if (in.type != DType.INT8 || f.type != DType.INT8 || !f.isConstant()) return false;
        Window w = DepthwiseConv2D.int8Params(g, op).w();
        return w.filterH() == 3 && w.filterW() == 3 && w.strideH() == 1 && w.strideW() == 1 && w.dilationH() == 1
            && w.dilationW() == 1 && w.outDepth() == w.inDepth();
    }

    static Depthwise3x3 of(Graph g, Operator op) {
        DepthwiseConv2D.Int8Params p = DepthwiseConv2D.int8Params(g, op);
        Window w = p.w();
        int c = w.inDepth();
        byte[] f = (byte[]) earforge.kernels.Values.constant(g.tensor(op.input(1)), "filter");
        int[] bias = op.input(2) < 0 ? new int[c] : ((int[]) earforge.kernels.Values.constant(g.tensor(op.input(2)), "bias")).clone();
        byte[] perChannel = new byte[9 * c];   // channel-major, as GemmLowering.requantMode reads weights
        for (int i = 0; i < c; i++) {
            int s = 0;
            for (int t = 0; t < 9; t++) {
                s += f[t * c + i];   // filter [1][3][3][C]
                perChannel[9 * i + t] = f[t * c + i];
            }
            bias[i] += p.inputOffset() * s;
        }
        int mode = GemmLowering.requantMode(p.multiplier(), p.shift(), bias, perChannel, 9, p.outputOffset());
        byte[] sh = new byte[c];
        for (int i = 0; i < c; i++) sh[i] = (byte) (mode > 0 ? -p.shift()[i] : p.shift()[i]);
        return new Depthwise3x3(ConvGemm.s(w.batches()), ConvGemm.s(w.inH()), ConvGemm.s(w.inW()), ConvGemm.s(c), ConvGemm.s(w.outH()),
            ConvGemm.s(w.outW()), ConvGemm.s(w.padH()), ConvGemm.s(w.padW()), ConvGemm.s(w.outW() + 3), ConvGemm.s(w.outH() + 3),
            ConvGemm.s(-p.inputOffset()), bias, p.multiplier(), sh, ConvGemm.s(p.outputOffset()), ConvGemm.s(p.actMin()),
            ConvGemm.s(p.actMax()), ConvGemm.s(mode));
    }

    /** 4 planes, then 4 int32 accumulators per 2x2 output block (depthwise3x3.c). */
    int scratchBytes() { return (4 * planeW * planeH + 3) / 4 * 4 + 16 * ((outH + 1) / 2) * ((outW + 1) / 2); }

    /** Channel c is read into the plane before channel c is written: in place when the output has the input's shape. */
    boolean inPlace() { return outH == inH && outW == inW; }
}
