package earforge.emit;

/**
 * Parameters of the C kernel conv_gemm (CONV_2D or FULLY_CONNECTED as blocked matrix products, optionally with a fused
 * MAX_POOL_2D), rendered by {@link CParams} as earforge_conv_gemm_params. Computed by {@link GemmLowering}.
 *
 * @param chunks     1 (the whole patch per pass) or filterH (one filter row per pass, for large patches)
 * @param chunkLen   patch values per chunk; {@code chunkPad} rounded up to a multiple of 4
 * @param pairs      output channels / 2, rounded up (an odd last channel has zero weights beside it)
 * @param bias       per channel: bias + input offset * sum of the channel's weights (int32 arithmetic, wrapping)
 * @param shift      per channel: -shift of TFLite when {@code fast} (1..31, see earforge_simd.h ef_requant), else
 *                   TFLite's shift
 * @param wide       1: the weights are stored widened to int16 by the generator (twice the flash, no unpacking in
 *                   the inner loop); chosen for layers whose weights are each used by at least {@link #WIDE_PIXELS}
 *                   output pixels
 * @param direct     1: fully connected: each output pixel is one input row, multiplied straight from the int8 input
 *                   (no columns in scratch)
 * @param pool       the fused max pool, or h = 0
 */
public record ConvGemm(short batches, short inH, short inW, short inDepth, short outH, short outW, short outDepth,
                       short filterH, short filterW, short strideH, short strideW, short dilationH, short dilationW, short padH,
                       short padW, short chunks, short chunkLen, short chunkPad, short pairs, short inputZeroPoint, int[] bias,
                       int[] multiplier, byte[] shift, short outputOffset, short actMin, short actMax, short fast, short wide,
                       short direct, GemmPool pool) {

    /** int16 fields keep the struct small in flash; a layer with a dimension beyond int16 keeps the reference kernel. */
    static short s(int v) {
        if (v != (short) v) throw new Unfit(v);
        return (short) v;
    }

    /** A value that does not fit a fast kernel's int16 parameter. */
    static final class Unfit extends RuntimeException {
        Unfit(int v) { super(v + " does not fit an int16 kernel parameter", null, false, false); }
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    static ConvGemm of(int batches, int inH, int inW, int inDepth, int outH, int outW, int outDepth, int filterH, int filterW,
                       int strideH, int strideW, int dilationH, int dilationW, int padH, int padW, int chunks, int chunkLen,
                       int chunkPad, int pairs, int inputZeroPoint, int[] bias, int[] multiplier, byte[] shift,
                       int outputOffset, int actMin, int actMax, int fast, int wide, int direct, GemmPool pool) {
        return new ConvGemm(s(batches), s(inH), s(inW), s(inDepth), s(outH), s(outW), s(outDepth), s(filterH), s(filterW),
            s(strideH), s(strideW), s(dilationH), s(dilationW), s(padH), s(padW), s(chunks), s(chunkLen), s(chunkPad), s(pairs),
            s(inputZeroPoint), bias, multiplier, shift, s(outputOffset), s(actMin), s(actMax), s(fast), s(wide), s(direct), pool);
    }

    /**
     * Widened weights save 4 of 20 inner-loop instructions per 24 MACs (about 1/6 instruction per MAC, so
     * pixels / 6 instructions per extra flash byte); from this many output pixels on, that trade is taken.
     */
    public static final int WIDE_PIXELS = 256;

    /** MAX_POOL_2D over the convolution's output; h = 0 for none. */
    public record GemmPool(short h, short w, short strideH, short strideW, short padH, short padW, short outH, short outW,
                           short actMin, short actMax) {
        static final GemmPool NONE = of(0, 0, 1, 1, 0, 0, 0, 0, -128, 127);

        static GemmPool of(int h, int w, int strideH, int strideW, int padH, int padW, int outH, int outW, int actMin, int actMax) {
            return new GemmPool(s(h), s(w), s(strideH), s(strideW), s(padH), s(padW), s(outH), s(outW), s(actMin), s(actMax));
        }
    }

    /** Output pixels one block computes (the C kernel's EF_BLOCK). */
    static final int BLOCK = 3;

    /**
     * Scratch bytes (conv_gemm.c): accumulators, widened columns, patch, junk (unless the columns serve), and for a
     * pool the block's values and a pooled row.
     */
    int scratchBytes() {
        boolean colsJunk = direct == 0 && 6 * chunkPad >= outDepth;   // outputs of a block's missing pixels go there
        int s = 24 * pairs + (direct == 1 ? 0 : 7 * chunkPad) + (colsJunk ? 0 : outDepth);
        if (pool.h() > 0) s += BLOCK * outDepth + pool.outW() * outDepth;
        return (s + 3) / 4 * 4;
    }
}
