package earforge.emit;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import earforge.kernels.Conv2D;
import earforge.kernels.FullyConnected;
import earforge.kernels.MaxPool2D;
import earforge.kernels.Pooling;
import earforge.kernels.Values;
import earforge.kernels.Window;

/**
 * CONV_2D, FULLY_CONNECTED and DEPTHWISE_CONV_2D on one input channel lowered to the conv_gemm C kernel: its parameters (from the Java kernels' Int8Params,
 * so requantization constants are the simulator's), the weights reordered for the kernel's loads, the bias with the
 * input offset folded in, and where its output may overlap its input. Deterministic: a function of the graph.
 */
final class GemmLowering {
    private GemmLowering() {}

    /** Smaller fully connected layers keep the reference kernel: no scratch, and too little work to matter. */
    static final int MIN_FC_MACS = 8192;

    /** Patches longer than this (in bytes of scratch: 7 per value) are split into filter rows. */
    static final int MAX_PATCH_SCRATCH = 2048;

    /** int8 convolution without groups, or int8 fully connected with a zero filter offset. */
    static boolean eligible(Graph g, Operator op) {
        if (op.type == OpType.CONV_2D) {
            Tensor in = g.tensor(op.input(0)), f = g.tensor(op.input(1));
            return in.type == DType.INT8 && f.type == DType.INT8 && f.rank() == 4 && in.rank() == 4 && f.dim(3) == in.dim(3)
                && f.isConstant();
        }
        if (op.type == OpType.FULLY_CONNECTED) {
            Tensor in = g.tensor(op.input(0)), f = g.tensor(op.input(1));
            return in.type == DType.INT8 && f.type == DType.INT8 && f.isConstant() && f.rank() == 2
                && FullyConnected.int8Params(g, op).filterOffset() == 0;
        }
        if (op.type == OpType.DEPTHWISE_CONV_2D) {   // one input channel: a convolution with depthMultiplier filters
            Tensor in = g.tensor(op.input(0)), f = g.tensor(op.input(1));
            return in.type == DType.INT8 && f.type == DType.INT8 && f.isConstant() && in.rank() == 4 && in.dim(3) == 1;
        }
        return false;
    }

    /**
     * The filter as [outDepth][k] (OHWI): CONV_2D and FULLY_CONNECTED as stored; a DEPTHWISE_CONV_2D on one input
     * channel ([1][kh][kw][C], channel innermost) transposed.
     */
    static byte[] filter(Graph g, Operator op) {
        Tensor t = g.tensor(op.input(1));
        byte[] w = (byte[]) Values.constant(t, "filter");
        if (op.type != OpType.DEPTHWISE_CONV_2D) return w;
        int taps = t.dim(1) * t.dim(2), c = t.dim(3);
        byte[] o = new byte[w.length];
        for (int i = 0; i < taps; i++) for (int j = 0; j < c; j++) o[j * taps + i] = w[i * c + j];
        return o;
    }

    /** Parameters; {@code pool} is the fused MAX_POOL_2D reading this operator's output, or null. */
    static ConvGemm params(Graph g, Operator op, Operator pool) {
        int[] mult, shift;
        int io, oo, lo, hi, batches, inH, inW, inD, outH, outW, outD, fh, fw, sh, sw, dh, dw, ph, pw;
        if (op.type == OpType.DEPTHWISE_CONV_2D) {
            earforge.kernels.DepthwiseConv2D.Int8Params p = earforge.kernels.DepthwiseConv2D.int8Params(g, op);
            Window w = p.w();
            mult = p.multiplier(); shift = p.shift(); io = p.inputOffset(); oo = p.outputOffset(); lo = p.actMin(); hi = p.actMax();
            batches = w.batches(); inH = w.inH(); inW = w.inW(); inD = 1; outH = w.outH(); outW = w.outW();
            outD = w.outDepth(); fh = w.filterH(); fw = w.filterW(); sh = w.strideH(); sw = w.strideW(); dh = w.dilationH();
            dw = w.dilationW(); ph = w.padH(); pw = w.padW();
        } else if (op.type == OpType.CONV_2D) {
            Conv2D.Int8Params p = Conv2D.int8Params(g, op);
            Window w = p.w();
            mult = p.multiplier(); shift = p.shift(); io = p.inputOffset(); oo = p.outputOffset(); lo = p.actMin(); hi = p.actMax();
            batches = w.batches(); inH = w.inH(); inW = w.inW(); inD = w.inDepth(); outH = w.outH(); outW = w.outW();
            outD = w.outDepth(); fh = w.filterH(); fw = w.filterW(); sh = w.strideH(); sw = w.strideW(); dh = w.dilationH();
            dw = w.dilationW(); ph = w.padH(); pw = w.padW();
        } else {
            FullyConnected.Int8Params p = FullyConnected.int8Params(g, op);
            mult = p.multiplier(); shift = p.shift(); io = p.inputOffset(); oo = p.outputOffset(); lo = p.actMin(); hi = p.actMax();
            // rows of the input are pixels of a 1 x batches image with accumDepth channels, the filter is 1x1
            batches = 1; inH = 1; inW = p.batches(); inD = p.accumDepth(); outH = 1; outW = p.batches(); outD = p.outDepth();
            fh = fw = sh = sw = dh = dw = 1; ph = pw = 0;
        }
        int k = fh * fw * inD;
        boolean split = fh > 1 && 7 * pad4(k) > MAX_PATCH_SCRATCH;
        int chunks = split ? fh : 1, chunkLen = split ? fw * inD : k;
        int[] bias = foldedBias(g, op, outD, k, io);
        byte[] filter = filter(g, op);
        int mode = requantMode(mult, shift, bias, filter, k, oo);
        byte[] sh8 = new byte[outD];
        for (int c = 0; c < outD; c++) sh8[c] = (byte) (mode > 0 ? -shift[c] : shift[c]);
        bias = java.util.Arrays.copyOf(bias, 2 * ((outD + 1) / 2));   // the kernel reads biases in pairs
        ConvGemm.GemmPool gp = ConvGemm.GemmPool.NONE;
        if (pool != null) {
            Pooling.Int8Params q = MaxPool2D.int8Params(g, pool);
            Window w = q.w();
            gp = ConvGemm.GemmPool.of(w.filterH(), w.filterW(), w.strideH(), w.strideW(), w.padH(), w.padW(), w.outH(), w.outW(),
                q.actMin(), q.actMax());
        }
        return ConvGemm.of(batches, inH, inW, inD, outH, outW, outD, fh, fw, sh, sw, dh, dw, ph, pw, chunks, chunkLen,
            pad4(chunkLen), (outD + 1) / 2, -io, bias, mult, sh8, oo, lo, hi, mode,
            op.type != OpType.FULLY_CONNECTED && batches * outH * outW >= ConvGemm.WIDE_PIXELS ? 1 : 0,
            op.type == OpType.FULLY_CONNECTED ? 1 : 0, gp);
    }

    static int pad4(int n) { return (n + 3) / 4 * 4; }

    /**
     * ef_requant's identity holds for a right shift (TFLite shift -31..-1) and a multiplier above 2^30 (so that the
     * high product is negative exactly when the accumulator is); otherwise the kernel calls the reference routine.
     */
    static boolean fastRequant(int multiplier, int shift) {
        return shift <= -1 && shift >= -31 && multiplier > (1 << 30);
    }

    /**
     * The kernels' requantization: 2 (ef_rq2: SMMLAR) when moreover every accumulator stays below 2^30 in magnitude
     * (|bias| + 128 sum |w| per channel, padding taps included) and the shift is at most 22 (so 2^(e-1) + offset 2^e
     * and the sums stay in int32); 1 (ef_requant) when {@link #fastRequant} holds for every channel; else 0 (the
     * reference routine). {@code w}: per channel k consecutive weights.
     */
    static int requantMode(int[] mult, int[] shift, int[] bias, byte[] w, int k, int outputOffset) {
        boolean fast = true, small = true;
        for (int c = 0; c < mult.length; c++) {
            fast &= fastRequant(mult[c], shift[c]);
            long bound = Math.abs((long) bias[c]);
            for (int i = 0; i < k; i++) bound += 128L * Math.abs(w[c * k + i]);
            small &= bound < (1L << 30) && shift[c] >= -22;
        }
        return !fast ? 0 : small ? 2 : 1;
    }

    /** bias[c] + inputOffset * sum_k w[c][k], in int32 arithmetic (wraps as the C kernel's accumulator does). */
    static int[] foldedBias(Graph g, Operator op, int outD, int k, int inputOffset) {
        byte[] w = filter(g, op);
        int[] bias = op.input(2) < 0 ? new int[outD] : ((int[]) Values.constant(g.tensor(op.input(2)), "bias")).clone();
        for (int c = 0; c < outD; c++) {
            int s = 0;
            for (int i = 0; i < k; i++) s += w[c * k + i];
            bias[c] += inputOffset * s;
        }
        return bias;
    }

    /**
     * Weights as the kernel reads them, packed little-endian into words (so the table is word-aligned): per chunk, per
     * channel pair, per group of 4 patch values, 4 bytes of the even channel then 4 of the odd one; zeros past the
     * chunk's last value and for the missing channel of an odd count. Patch order is the filter's (OHWI: ky, kx, ic).
     */
    static int[] weights(Graph g, Operator op, ConvGemm p) {
        byte[] w = filter(g, op);
        int k = p.filterH() * p.filterW() * p.inDepth();
        byte[] out = new byte[p.chunks() * p.pairs() * 2 * p.chunkPad()];
        short[] wide = new short[out.length];
        int at = 0;
        for (int ch = 0; ch < p.chunks(); ch++) {
            int base = ch * p.chunkLen();
            for (int j = 0; j < p.pairs(); j++) {
                for (int grp = 0; grp < p.chunkPad(); grp += 4) {
                    for (int c = 2 * j; c < 2 * j + 2; c++) {
                        for (int i = 0; i < 4; i++) {
                            int kk = grp + i;
                            byte v = c < p.outDepth() && kk < p.chunkLen() ? w[c * k + base + kk] : 0;
                            out[at] = v;
                            // widened: (w0, w2) of the even channel, of the odd one, then (w1, w3) of each
                            int half = i % 2, pos = i / 2;   // i = 0, 1, 2, 3 -> (w0: word 0 lo), (w1: word 2 lo), ...
                            wide[at - (at % 8) + 4 * half + 2 * (c - 2 * j) + pos] = v;
                            at++;
                        }
                    }
                }
            }
        }
        if (p.wide() == 0) return pack(out);
        int[] words = new int[wide.length / 2];
        for (int i = 0; i < words.length; i++) words[i] = (wide[2 * i] & 0xffff) | wide[2 * i + 1] << 16;
        return words;
    }

    static int[] pack(byte[] b) {
        int[] words = new int[(b.length + 3) / 4];
        for (int i = 0; i < b.length; i++) words[i / 4] |= (b[i] & 0xff) << (8 * (i % 4));
        return words;
    }

    /**
     * Offsets d (output start - input start, multiples of 4) at which the output may overlap the input: the kernel
     * reads a block's (or a pooled row's) patches before writing its outputs, in order, so d is safe when no write
     * reaches input bytes a later block still reads. Candidates: starts aligned, and ends aligned.
     */
    static int[] inPlaceDeltas(ConvGemm p, int inBytes, int outBytes) {
        int[][] steps = p.pool().h() == 0 ? pixelSteps(p) : poolSteps(p);
        java.util.List<Integer> ok = new java.util.ArrayList<>();
        for (int d : new int[] {0, Math.floorDiv(inBytes - outBytes, 4) * 4}) {
            if (!ok.contains(d) && safe(steps, d, inBytes)) ok.add(d);
        }
        return ok.stream().mapToInt(Integer::intValue).toArray();
    }

    /** steps[i] = {write start, write end, lowest input byte read by any later step}. */
    static boolean safe(int[][] steps, int d, int inBytes) {
        for (int[] s : steps) {
            boolean before = d + s[1] <= s[2], after = d + s[0] >= inBytes;
            if (!before && !after) return false;
        }
        return true;
    }

    private static int[][] pixelSteps(ConvGemm p) {
        int total = p.batches() * p.outH() * p.outW(), hw = p.outH() * p.outW();
        int[] minRead = new int[total];
        for (int i = 0; i < total; i++) minRead[i] = lowestRead(p, i / hw, i % hw / p.outW(), i % p.outW());
        int n = (total + ConvGemm.BLOCK - 1) / ConvGemm.BLOCK;
        int[][] steps = new int[n][];
        int later = Integer.MAX_VALUE;
        for (int s = n - 1; s >= 0; s--) {
            int i0 = s * ConvGemm.BLOCK, i1 = Math.min(total, i0 + ConvGemm.BLOCK);
            steps[s] = new int[] {i0 * p.outDepth(), i1 * p.outDepth(), later};
            for (int i = i0; i < i1; i++) later = Math.min(later, minRead[i]);
        }
        return steps;
    }

    private static int[][] poolSteps(ConvGemm p) {
        ConvGemm.GemmPool q = p.pool();
        int rows = p.batches() * q.outH(), rowBytes = q.outW() * p.outDepth();
        int[][] steps = new int[rows][];
        int later = Integer.MAX_VALUE;
        for (int r = rows - 1; r >= 0; r--) {
            steps[r] = new int[] {r * rowBytes, (r + 1) * rowBytes, later};
            int b = r / q.outH(), py = r % q.outH();
            int y0 = py * q.strideH() - q.padH();
            for (int y = Math.max(0, y0); y < Math.min(p.outH(), y0 + q.h()); y++) {
                for (int x = 0; x < p.outW(); x++) later = Math.min(later, lowestRead(p, b, y, x));
            }
        }
        return steps;
    }

    /** Lowest input byte offset the patch of output pixel (b, oy, ox) reads. */
    private static int lowestRead(ConvGemm p, int b, int oy, int ox) {
        int best = Integer.MAX_VALUE;
        for (int ky = 0; ky < p.filterH(); ky++) {
            int y = oy * p.strideH() - p.padH() + ky * p.dilationH();
            if (y < 0 || y >= p.inH()) continue;
            for (int kx = 0; kx < p.filterW(); kx++) {
                int x = ox * p.strideW() - p.padW() + kx * p.dilationW();
                if (x < 0 || x >= p.inW()) continue;
                best = Math.min(best, ((b * p.inH() + y) * p.inW() + x) * p.inDepth());
            }
        }
        return best;
    }
}
