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
public record ConvGemm(int batches, int inH, int inW, int inDepth, int outH, int outW, int outDepth, int filterH,
                       int filterW, int strideH, int strideW, int dilationH, int dilationW, int padH, int padW, int chunks,
                       int chunkLen, int chunkPad, int pairs, int inputZeroPoint, int[] bias, int[] multiplier, byte[] shift,
                       int outputOffset, int actMin, int actMax, int fast, int wide, int direct, GemmPool pool) {

    /**
     * Widened weights save 4 of 20 inner-loop instructions per 24 MACs (about 1/6 instruction per MAC, so
     * pixels / 6 instructions per extra flash byte); from this many output pixels on, that trade is taken.
     */
    public static final int WIDE_PIXELS = 256;

    /** MAX_POOL_2D over the convolution's output; h = 0 for none. */
    public record GemmPool(int h, int w, int strideH, int strideW, int padH, int padW, int outH, int outW, int actMin,
                           int actMax) {
        static final GemmPool NONE = new GemmPool(0, 0, 1, 1, 0, 0, 0, 0, -128, 127);
    }

    /** Output pixels one block computes (the C kernel's EF_BLOCK). */
    static final int BLOCK = 3;

    /**
     * Scratch bytes: accumulators, widened columns, patch, per-channel requantization constants, junk, and for a pool
     * the block's values and a pooled row.
     */
    int scratchBytes() {
        int s = 24 * pairs + (direct == 1 ? 0 : 7 * chunkPad) + 8 * outDepth + outDepth;   // + junk for a block's missing pixels
        if (pool.h() > 0) s += BLOCK * outDepth + pool.outW() * outDepth;
        return (s + 3) / 4 * 4;
    }
}
