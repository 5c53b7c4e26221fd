/*
 * conv_gemm.c: CONV_2D and FULLY_CONNECTED (int8, per-channel requantization) as a matrix product over blocks of 3
 * output pixels x 2 output channels, optionally followed by a fused MAX_POOL_2D. Same integers as
 * earforge.kernels.Conv2D / FullyConnected / MaxPool2D (TFLite's reference kernels), computed differently:
 *
 * - the input offset is folded into the bias (bias + input_offset * sum of the channel's weights, by the generator),
 *   and padding taps read the input zero point, so they add w * (zp + input_offset) = 0 as the reference's skip does;
 * - a block's patches (im2col) are widened to int16 once, in the order SXTB16 unpacks the int8 weights: per group of
 *   4 k, (x0, x2) then (x1, x3); 3 pixels interleaved, 6 words per group;
 * - weights are reordered by the generator: per chunk, per channel pair, per group of 4 k: 4 bytes of the even
 *   channel then 4 of the odd one; k padded to a multiple of 4 and an odd last channel padded with zeros;
 * - a chunk is the whole patch, or one filter row when the generator splits large patches (less scratch);
 *   accumulators live in scratch between chunks;
 * - requantization as ef_requant (fast) or the reference routine, per the generator's check;
 * - with a pool, each pooling row is reduced in scratch and written after all its convolution rows: the
 *   pre-pool tensor is never stored, and the maximum of requantized values is exactly what MAX_POOL_2D computes.
 *
 * Scratch (4-byte aligned): acc int32[pairs][6], cols int16[chunk_pad/4][3][4], patch int8[chunk_pad], junk
 * int8[out_depth] (unless the columns serve), then for a pool vals int8[3][out_depth] and prow int8[pool.out_w][out_depth].
 * Output may share bytes with the input only as the generator's plan checks (written in pixel or pool-row order).
 */
#include "conv_gemm.h"
#include "earforge_simd.h"

/* Optional paths (the generator defines which a model uses; standalone, everything is compiled). */
#ifndef EF_GEMM_POOL
#define EF_GEMM_POOL 1
#endif
#ifndef EF_GEMM_GENERIC
#define EF_GEMM_GENERIC 1
#endif
#ifndef EF_GEMM_WIDE
#define EF_GEMM_WIDE 1
#endif
#ifndef EF_GEMM_DIRECT
#define EF_GEMM_DIRECT 1
#endif

#define EF_BLOCK 3

#if EF_DSP
/* One group's multiply-accumulates: weights r2, r10 (even channel), r3, r11 (odd); 3 pixels' 2 words each (r12, lr). */
#define EF_MACS \
    "ldrd   r12, lr, [r1], #8\n\t" \
    "smlad  r4, r2, r12, r4\n\t" \
    "smlad  r4, r10, lr, r4\n\t" \
    "smlad  r5, r3, r12, r5\n\t" \
    "smlad  r5, r11, lr, r5\n\t" \
    "ldrd   r12, lr, [r1], #8\n\t" \
    "smlad  r6, r2, r12, r6\n\t" \
    "smlad  r6, r10, lr, r6\n\t" \
    "smlad  r7, r3, r12, r7\n\t" \
    "smlad  r7, r11, lr, r7\n\t" \
    "ldrd   r12, lr, [r1], #8\n\t" \
    "smlad  r8, r2, r12, r8\n\t" \
    "smlad  r8, r10, lr, r8\n\t" \
    "smlad  r9, r3, r12, r9\n\t" \
    "smlad  r9, r11, lr, r9\n\t"

/* int8 weights: 4 of each channel, widened by SXTB16 into (w0, w2) and (w1, w3). */
#define EF_GROUP \
    "ldrd   r10, r11, [r0], #8\n\t" \
    "sxtb16 r2, r10\n\t" \
    "sxtb16 r10, r10, ror #8\n\t" \
    "sxtb16 r3, r11\n\t" \
    "sxtb16 r11, r11, ror #8\n\t" \
    EF_MACS

/* int16 weights, widened by the generator: (w0, w2) even, odd, then (w1, w3) even, odd. */
#define EF_GROUP16 \
    "ldm    r0!, {r2, r3, r10, r11}\n\t" \
    EF_MACS

/*
 * For every channel pair j (weights w, consecutive): acc[6j .. 6j+5] (pixel 0: channel 2j, 2j+1; pixel 1: ...;
 * pixel 2: ...) = (job->bias ? bias[2j], bias[2j+1] : acc) + 3 columns x 2 weight rows over job->groups >= 1 groups.
 * w, c, acc word-aligned. Two groups per loop turn (an odd count enters at the second); all 14 registers, the loop
 * state on the stack: [sp] weights end of the pair, [sp+4] acc, [sp+8] pairs left, [sp+12] columns, [sp+16] pair
 * bytes, [sp+20] bias. LOG2 = log2 of the weight bytes per group and channel pair (3: int8, 4: int16).
 */
#define EF_DOT(LOG2, GROUP) \
        "push   {r4-r11, lr}\n\t" \
        "sub    sp, sp, #24\n\t" \
        "ldm    r3, {r4, r5, r6}\n\t" \
        "lsl    r4, r4, #" #LOG2 "\n\t" \
        "str    r4, [sp, #16]\n\t" \
        "str    r5, [sp, #8]\n\t" \
        "str    r6, [sp, #20]\n\t" \
        "str    r1, [sp, #12]\n\t" \
        "str    r2, [sp, #4]\n" \
        "3:\n\t" \
        "ldr    r1, [sp, #12]\n\t" \
        "ldr    r12, [sp, #16]\n\t" \
        "add    r3, r0, r12\n\t" \
        "str    r3, [sp]\n\t" \
        "ldr    r2, [sp, #20]\n\t" \
        "cbz    r2, 4f\n\t" \
        "ldrd   r4, r5, [r2], #8\n\t" \
        "str    r2, [sp, #20]\n\t" \
        "mov    r6, r4\n\t" \
        "mov    r7, r5\n\t" \
        "mov    r8, r4\n\t" \
        "mov    r9, r5\n\t" \
        "b      5f\n" \
        "4:\n\t" \
        "ldr    r2, [sp, #4]\n\t" \
        "ldm    r2, {r4-r9}\n" \
        "5:\n\t" \
        "tst    r12, #(1 << " #LOG2 ")\n\t" \
        "bne    2f\n" \
        "1:\n\t" \
        GROUP \
        "2:\n\t" \
        GROUP \
        "ldr    r12, [sp]\n\t" \
        "cmp    r0, r12\n\t" \
        "bne    1b\n\t" \
        "ldr    r2, [sp, #4]\n\t" \
        "stmia  r2!, {r4-r9}\n\t" \
        "str    r2, [sp, #4]\n\t" \
        "ldr    r12, [sp, #8]\n\t" \
        "subs   r12, r12, #1\n\t" \
        "str    r12, [sp, #8]\n\t" \
        "bne    3b\n\t" \
        "add    sp, sp, #24\n\t" \
        "pop    {r4-r11, pc}\n\t"

/* What ef_dot3x2 reads: patch groups per pair, channel pairs, and the bias (first chunk) or NULL (later chunks). */
typedef struct {
    int32_t groups, pairs;
    const int32_t *bias;
} ef_dot_job;

__attribute__((naked, noinline)) static void ef_dot3x2(const void *w __attribute__((unused)),
                                                       const int16_t *c __attribute__((unused)),
                                                       int32_t *acc __attribute__((unused)),
                                                       const ef_dot_job *job __attribute__((unused)))
{
    __asm__ volatile(EF_DOT(3, EF_GROUP));
}

#if EF_GEMM_WIDE
__attribute__((naked, noinline)) static void ef_dot3x2w(const void *w __attribute__((unused)),
                                                        const int16_t *c __attribute__((unused)),
                                                        int32_t *acc __attribute__((unused)),
                                                        const ef_dot_job *job __attribute__((unused)))
{
    __asm__ volatile(EF_DOT(4, EF_GROUP16));
}
#endif
#else
typedef struct {
    int32_t groups, pairs;
    const int32_t *bias;
} ef_dot_job;

/*
 * The same sums in portable C (uint32_t: wraps as SMLAD and the reference's int32 arithmetic do, without undefined
 * behaviour). Weights per group of a pair: int8 (4 of the even channel, 4 of the odd one) or, wide, int16
 * (w0, w2 even, w0, w2 odd, w1, w3 even, w1, w3 odd); columns per group: 3 pixels of (x0, x2, x1, x3).
 */
#define EF_DOT_GROUP(E0, E1, E2, E3, O0, O1, O2, O3) do { \
        a0 += (uint32_t)(E0 * x[0] + E2 * x[1] + E1 * x[2] + E3 * x[3]); \
        a1 += (uint32_t)(O0 * x[0] + O2 * x[1] + O1 * x[2] + O3 * x[3]); \
        a2 += (uint32_t)(E0 * x[4] + E2 * x[5] + E1 * x[6] + E3 * x[7]); \
        a3 += (uint32_t)(O0 * x[4] + O2 * x[5] + O1 * x[6] + O3 * x[7]); \
        a4 += (uint32_t)(E0 * x[8] + E2 * x[9] + E1 * x[10] + E3 * x[11]); \
        a5 += (uint32_t)(O0 * x[8] + O2 * x[9] + O1 * x[10] + O3 * x[11]); \
    } while (0)

static void ef_dot(const void *wv, const int16_t *c, int32_t *acc, const ef_dot_job *job, int32_t wide)
{
    const int8_t *w8 = (const int8_t *)wv;
    const int16_t *w16 = (const int16_t *)wv;
    for (int32_t j = 0; j < job->pairs; j++, acc += 6) {
        const int32_t *init = job->bias ? job->bias + 2 * j : acc;
        const int32_t step = job->bias ? 0 : 2;   /* bias: the pair's two values for every pixel */
        uint32_t a0 = (uint32_t)init[0], a1 = (uint32_t)init[1], a2 = (uint32_t)init[step], a3 = (uint32_t)init[step + 1];
        uint32_t a4 = (uint32_t)init[2 * step], a5 = (uint32_t)init[2 * step + 1];
        const int16_t *x = c;
        if (wide) {
            for (int32_t g = 0; g < job->groups; g++, x += 12, w16 += 8) {
                EF_DOT_GROUP(w16[0], w16[4], w16[1], w16[5], w16[2], w16[6], w16[3], w16[7]);
            }
        } else {
            for (int32_t g = 0; g < job->groups; g++, x += 12, w8 += 8) {
                EF_DOT_GROUP(w8[0], w8[1], w8[2], w8[3], w8[4], w8[5], w8[6], w8[7]);
            }
        }
        acc[0] = (int32_t)a0; acc[1] = (int32_t)a1; acc[2] = (int32_t)a2;
        acc[3] = (int32_t)a3; acc[4] = (int32_t)a4; acc[5] = (int32_t)a5;
    }
}
#endif

/* Widens n int8 values (a multiple of 4) into column slot px of the block. */
static void ef_widen(const int8_t *src, int32_t n, int16_t *cols, int32_t px)
{
#if EF_DSP
    int32_t *dst = (int32_t *)(void *)cols + 2 * px;
    const int8_t *end = src + n;
    if (n & 4) {
        const int32_t v = ef_read32(src);
        dst[0] = __sxtb16(v);
        dst[1] = ef_sxtb16_ror8(v);
        src += 4;
        dst += 2 * EF_BLOCK;
    }
    for (; src != end; src += 8, dst += 4 * EF_BLOCK) {
        const int32_t v = ef_read32(src), u = ef_read32(src + 4);
        dst[0] = __sxtb16(v);
        dst[1] = ef_sxtb16_ror8(v);
        dst[2 * EF_BLOCK] = __sxtb16(u);
        dst[2 * EF_BLOCK + 1] = ef_sxtb16_ror8(u);
    }
#else
    int16_t *dst = cols + 4 * px;
    for (int32_t k = 0; k < n; k += 4, dst += 4 * EF_BLOCK) {
        dst[0] = src[k];
        dst[1] = src[k + 2];
        dst[2] = src[k + 1];
        dst[3] = src[k + 3];
    }
#endif
}

/*
 * The patch of output pixel (b, oy, ox) for filter rows ky0 .. ky0 + nky - 1, widened into slot px: read in place when
 * it is one contiguous run of the input (a filter row inside the input, no dilation, whole groups), else gathered
 * into `patch` with the zero point for padding and zeros after the last k.
 */
static void ef_column(const earforge_conv_gemm_params *p, const int8_t *input, int32_t b, int32_t oy, int32_t ox,
                      int32_t ky0, int32_t nky, int8_t *patch, int16_t *cols, int32_t px)
{
    const int32_t d = p->in_depth, fw = p->filter_w, n = p->chunk_pad, ih = p->in_h, iw = p->in_w;
    const int32_t y0 = oy * p->stride_h - p->pad_h + ky0 * p->dilation_h, x0 = ox * p->stride_w - p->pad_w;
    const int32_t run = fw * d, dw = p->dilation_w, dh = p->dilation_h;
    if (x0 >= 0 && x0 + fw <= iw && y0 >= 0 && y0 + (nky - 1) * dh < ih && (fw == 1 || dw == 1)) {
        /* inside the input: nky runs of fw * d bytes, a row apart */
        const int8_t *src = input + ((b * ih + y0) * iw + x0) * d;
        if (nky == 1 && run == n) {
            ef_widen(src, n, cols, px);
            return;
        }
        int8_t *dst = patch;
        for (int32_t r = 0; r < nky; r++, dst += run, src += dh * iw * d) ef_copy(dst, src, run);
        for (; dst != patch + n; dst++) *dst = 0;
        ef_widen(patch, n, cols, px);
        return;
    }
    /* taps kx_lo .. kx_hi - 1 of a filter row are inside the input */
    const int32_t kx_lo = x0 >= 0 ? 0 : (-x0 + dw - 1) / dw;
    int32_t kx_hi = iw - x0 <= 0 ? 0 : (iw - x0 + dw - 1) / dw;
    if (kx_hi > fw) kx_hi = fw;
    const int whole = kx_lo == 0 && kx_hi == fw && (fw == 1 || dw == 1);
    if (nky == 1 && run == n && whole && y0 >= 0 && y0 < ih) {
        ef_widen(input + ((b * ih + y0) * iw + x0) * d, n, cols, px);
        return;
    }
    const int8_t zp = (int8_t)p->input_zero_point;
    int8_t *dst = patch;
    int32_t off = ((b * ih + y0) * iw + x0 + kx_lo * dw) * d;   /* of tap (ky, kx_lo), valid when the row is */
    for (int32_t y = y0; y < y0 + nky * dh; y += dh, dst += run, off += dh * iw * d) {
        if (y < 0 || y >= ih || kx_lo >= kx_hi) {
            ef_fill(dst, zp, run);
        } else if (whole) {
            ef_copy(dst, input + off, run);
        } else {
            ef_fill(dst, zp, kx_lo * d);
            if (dw == 1) {
                ef_copy(dst + kx_lo * d, input + off, (kx_hi - kx_lo) * d);
            } else {
                for (int32_t kx = kx_lo; kx < kx_hi; kx++) ef_copy(dst + kx * d, input + off + (kx - kx_lo) * dw * d, d);
            }
            ef_fill(dst + kx_hi * d, zp, (fw - kx_hi) * d);
        }
    }
    ef_fill(dst, 0, n - (int32_t)(dst - patch));
    ef_widen(patch, n, cols, px);
}

/* A pixel of the output grid the block computes. */
typedef struct {
    int32_t b, y, x;
} ef_pixel;

/* The call's scratch, laid out by earforge_conv_gemm. */
typedef struct {
    int32_t *acc;
    int16_t *cols;
    int8_t *patch;
    int8_t *junk, *vals, *prow;
} ef_scratch;

/* acc = bias, then every chunk of every pixel of the block against every channel pair. */

static void ef_block(const earforge_conv_gemm_params *p, const int8_t *input, const int8_t *weights, const ef_pixel *pix,
                     int32_t np, const ef_scratch *sc)
{
    int32_t *acc = sc->acc;
    int16_t *cols = sc->cols;
    int8_t *patch = sc->patch;
    const int32_t n = p->chunk_pad, nky = p->chunks == 1 ? p->filter_h : 1;
    ef_dot_job job;
    job.groups = n / 4;
    job.pairs = p->pairs;
    for (int32_t ch = 0; ch < p->chunks; ch++) {
        for (int32_t px = 0; px < np; px++) ef_column(p, input, pix[px].b, pix[px].y, pix[px].x, ch * nky, nky, patch, cols, px);
        job.bias = ch == 0 ? p->bias : NULL;
#if EF_DSP
#if EF_GEMM_WIDE
        if (p->wide) {
            ef_dot3x2w(weights + 2 * ch * p->pairs * 2 * n, cols, acc, &job);
            continue;
        }
#endif
        ef_dot3x2(weights + ch * p->pairs * 2 * n, cols, acc, &job);
#else
        ef_dot(weights + (p->wide ? 2 : 1) * ch * p->pairs * 2 * n, cols, acc, &job, p->wide);
#endif
    }
}

#if EF_DSP
/* What ef_store3 reads (offsets fixed: the assembly uses them). */
typedef struct {
    const int32_t *m;    /* per channel multiplier */
    const int8_t *sh;    /* per channel e */
    int32_t pairs, odd;
    int8_t *out[3];      /* channel 0 of each pixel (junk for a missing pixel) */
    int32_t offset;      /* output offset */
} ef_store_job;

/*
 * One channel of 3 pixels: ef_rq2 from the multiplier (r8), e (r10) and the output offset (r2): ra (r9) =
 * 2^(e-1) + offset 2^e; accumulators at r0 + OFF, + 8, + 16, outputs through r1, r4, r5 (post-incremented).
 */
#define EF_CH3(OFF) \
    "ldr    r8, [r6], #4\n\t" \
    "ldrsb  r10, [r7], #1\n\t" \
    "mov    r9, #1\n\t" \
    "sub    r11, r10, #1\n\t" \
    "lsl    r9, r9, r11\n\t" \
    "lsl    r11, r2, r10\n\t" \
    "add    r9, r9, r11\n\t" \
    "ldr    r11, [r0, #" #OFF "]\n\t" \
    "lsl    r11, r11, #1\n\t" \
    "smmlar r12, r11, r8, r9\n\t" \
    "add    r12, r12, r11, asr #31\n\t" \
    "asr    r12, r12, r10\n\t" \
    "ssat   r12, #8, r12\n\t" \
    "strb   r12, [r1], #1\n\t" \
    "ldr    r11, [r0, #" #OFF "+8]\n\t" \
    "lsl    r11, r11, #1\n\t" \
    "smmlar r12, r11, r8, r9\n\t" \
    "add    r12, r12, r11, asr #31\n\t" \
    "asr    r12, r12, r10\n\t" \
    "ssat   r12, #8, r12\n\t" \
    "strb   r12, [r4], #1\n\t" \
    "ldr    r11, [r0, #" #OFF "+16]\n\t" \
    "lsl    r11, r11, #1\n\t" \
    "smmlar r12, r11, r8, r9\n\t" \
    "add    r12, r12, r11, asr #31\n\t" \
    "asr    r12, r12, r10\n\t" \
    "ssat   r12, #8, r12\n\t" \
    "strb   r12, [r5], #1\n\t"

/* ef_rq2 (mode 2, int8 range) of a block: 3 pixels, every channel, pixel px at job->out[px]. */
__attribute__((naked, noinline)) static void ef_store3(const int32_t *acc __attribute__((unused)),
                                                       const ef_store_job *job __attribute__((unused)))
{
    __asm__ volatile(
        "push   {r4-r11, lr}\n\t"
        "ldr    r6, [r1, #0]\n\t"
        "ldr    r7, [r1, #4]\n\t"
        "ldr    r3, [r1, #8]\n\t"
        "ldr    lr, [r1, #12]\n\t"
        "ldr    r4, [r1, #20]\n\t"
        "ldr    r5, [r1, #24]\n\t"
        "ldr    r2, [r1, #28]\n\t"
        "ldr    r1, [r1, #16]\n\t"
        "cmp    r3, #0\n\t"
        "beq    2f\n"
        "1:\n\t"
        EF_CH3(0)
        EF_CH3(4)
        "add    r0, r0, #24\n\t"
        "subs   r3, r3, #1\n\t"
        "bne    1b\n"
        "2:\n\t"
        "cmp    lr, #0\n\t"
        "beq    3f\n\t"
        EF_CH3(0)
        "3:\n\t"
        "pop    {r4-r11, pc}\n\t");
}
#endif

/*
 * Requantizes and stores the block's np pixels (pixel px at dst + px * stride), channel by channel; junk: out_depth
 * bytes for the outputs of missing pixels.
 */
static void ef_store(const earforge_conv_gemm_params *p, const ef_scratch *sc, int32_t np, int8_t *dst, int32_t stride)
{
    const int32_t od = p->out_depth;
    const int8_t *sh = p->shift;
#if EF_DSP
    if (!EF_GEMM_GENERIC || (p->fast == 2 && p->act_min == -128 && p->act_max == 127)) {
        ef_store_job job;
        job.m = p->multiplier;
        job.sh = sh;
        job.offset = p->output_offset;
        job.pairs = od / 2;
        job.odd = od & 1;
        for (int32_t px = 0; px < 3; px++) job.out[px] = px < np ? dst + px * stride : sc->junk;
        ef_store3(sc->acc, &job);
        return;
    }
#endif
#if EF_GEMM_GENERIC || !EF_DSP
    const int32_t *acc = sc->acc;
    for (int32_t c = 0; c < od; c++) {
        const int32_t *a = acc + 6 * (c >> 1) + (c & 1);
        const ef_rq2 q = ef_rq2_init(p->multiplier[c], sh[c], p->output_offset);
        for (int32_t px = 0; px < np; px++) {
            int32_t v;
            if (p->fast == 2) {
                v = ef_rq2_apply(q, a[2 * px]);
            } else {
                v = ef_requant_any(a[2 * px], p->multiplier[c], sh[c], p->fast) + p->output_offset;
            }
            dst[px * stride + c] = ef_clamp8(v, p->act_min, p->act_max);
        }
    }
#endif
}

#if EF_GEMM_DIRECT
/*
 * Fully connected: each output pixel is one input row of in_depth values, multiplied straight from the int8 input
 * (SXTB16 on both sides on the DSP path; the last group of a row is read bytewise when in_depth is not a multiple of 4).
 */
static void ef_direct(const earforge_conv_gemm_params *p, const int8_t *input, const int8_t *weights, int8_t *output,
                      const ef_scratch *sc)
{
    const int32_t rows = p->batches * p->out_h * p->out_w, k = p->in_depth, full = k / 4, n = p->chunk_pad;
    for (int32_t i = 0; i < rows; i++) {
        const int8_t *x = input + i * k, *w = weights;
        int32_t *acc = sc->acc;
        int32_t last = 0;   /* the row's last group, zero-padded */
        for (int32_t t = 0; t < k - 4 * full; t++) last |= (int32_t)((uint32_t)(uint8_t)x[4 * full + t] << (8 * t));
        for (int32_t j = 0; j < p->pairs; j++, acc += 6, w += 2 * n) {
#if EF_DSP
            int32_t a0 = p->bias[2 * j], a1 = p->bias[2 * j + 1];
            const int8_t *xp = x, *wp = w;
            for (const int8_t *end = x + 4 * full; xp != end; xp += 4, wp += 8) {
                const int32_t v = ef_read32(xp), xe = __sxtb16(v), xo = ef_sxtb16_ror8(v);
                const int32_t u0 = ef_read32(wp), u1 = ef_read32(wp + 4);
                a0 = __smlad(__sxtb16(u0), xe, a0);
                a0 = __smlad(ef_sxtb16_ror8(u0), xo, a0);
                a1 = __smlad(__sxtb16(u1), xe, a1);
                a1 = __smlad(ef_sxtb16_ror8(u1), xo, a1);
            }
            if (n > 4 * full) {
                const int32_t xe = __sxtb16(last), xo = ef_sxtb16_ror8(last);
                const int32_t u0 = ef_read32(wp), u1 = ef_read32(wp + 4);
                a0 = __smlad(__sxtb16(u0), xe, a0);
                a0 = __smlad(ef_sxtb16_ror8(u0), xo, a0);
                a1 = __smlad(__sxtb16(u1), xe, a1);
                a1 = __smlad(ef_sxtb16_ror8(u1), xo, a1);
            }
            acc[0] = a0;
            acc[1] = a1;
#else
            uint32_t a0 = (uint32_t)p->bias[2 * j], a1 = (uint32_t)p->bias[2 * j + 1];   /* wraps as SMLAD does */
            for (int32_t kk = 0; kk < n; kk++) {
                const int32_t xv = kk < 4 * full ? x[kk] : (int8_t)(uint8_t)((uint32_t)last >> (8 * (kk - 4 * full)));
                a0 += (uint32_t)(w[8 * (kk / 4) + kk % 4] * xv);
                a1 += (uint32_t)(w[8 * (kk / 4) + 4 + kk % 4] * xv);
            }
            acc[0] = (int32_t)a0;
            acc[1] = (int32_t)a1;
#endif
        }
        ef_store(p, sc, 1, output + i * p->out_depth, p->out_depth);
    }
}
#endif

static void ef_plain(const earforge_conv_gemm_params *p, const int8_t *input, const int8_t *weights, int8_t *output,
                     const ef_scratch *sc)
{
    const int32_t hw = p->out_h * p->out_w, total = p->batches * hw;
    ef_pixel pix[EF_BLOCK];
    for (int32_t i0 = 0; i0 < total; i0 += EF_BLOCK) {
        const int32_t np = total - i0 < EF_BLOCK ? total - i0 : EF_BLOCK;
        for (int32_t px = 0; px < np; px++) {
            const int32_t i = i0 + px, r = i % hw;
            pix[px].b = i / hw;
            pix[px].y = r / p->out_w;
            pix[px].x = r % p->out_w;
        }
        ef_block(p, input, weights, pix, np, sc);
        ef_store(p, sc, np, output + i0 * p->out_depth, p->out_depth);
    }
}

#if EF_GEMM_POOL
/* First pooling-window index whose window [i*s - pad, i*s - pad + f) contains v, clamped to 0 (v + pad >= 0). */
static int32_t ef_first_window(int32_t v, int32_t s, int32_t pad, int32_t f)
{
    const int32_t t = v + pad - f + 1;
    return t <= 0 ? 0 : (t + s - 1) / s;
}

/* m = max(m, v) per byte over n channels (SSUB8 sets a flag per byte where v >= m, SEL takes those bytes of v). */
static void ef_max8(int8_t *m, const int8_t *v, int32_t n)
{
    int32_t c = 0;
#if EF_DSP
    for (; c + 4 <= n; c += 4) {
        const int32_t a = ef_read32(v + c), b = ef_read32(m + c);
        int32_t r;
        __asm__("ssub8 %0, %1, %2\n\tsel %0, %1, %2" : "=&r"(r) : "r"(a), "r"(b) : "cc");
        memcpy(m + c, &r, sizeof r);
    }
#endif
    for (; c < n; c++) if (v[c] > m[c]) m[c] = v[c];
}

/* The block's pixels into the pooled row: each into every window of the row that contains its column. */
static void ef_merge(const earforge_gemm_pool *q, int32_t od, const ef_pixel *pix, int32_t np, const int8_t *vals, int8_t *prow)
{
    for (int32_t px = 0; px < np; px++) {
        const int32_t x = pix[px].x;
        int32_t last = (x + q->pad_w) / q->stride_w;
        if (last > q->out_w - 1) last = q->out_w - 1;
        for (int32_t wx = ef_first_window(x, q->stride_w, q->pad_w, q->w); wx <= last; wx++) ef_max8(prow + wx * od, vals + px * od, od);
    }
}

static void ef_pooled(const earforge_conv_gemm_params *p, const int8_t *input, const int8_t *weights, int8_t *output,
                      const ef_scratch *sc)
{
    int8_t *vals = sc->vals, *prow = sc->prow;
    const earforge_gemm_pool *q = &p->pool;
    const int32_t od = p->out_depth, rowBytes = q->out_w * od;
    /* convolution columns some window covers */
    const int32_t xend = (q->out_w - 1) * q->stride_w - q->pad_w + q->w;
    const int32_t xhi = xend < p->out_w ? xend : p->out_w;
    ef_pixel pix[EF_BLOCK];
    for (int32_t b = 0; b < p->batches; b++) {
        for (int32_t py = 0; py < q->out_h; py++) {
            ef_fill(prow, -128, rowBytes);
            const int32_t y0 = py * q->stride_h - q->pad_h;
            const int32_t ylo = y0 < 0 ? 0 : y0, yhi = y0 + q->h < p->out_h ? y0 + q->h : p->out_h;
            int32_t np = 0;
            for (int32_t y = ylo; y < yhi; y++) {
                for (int32_t x = 0; x < xhi; x++) {
                    pix[np].b = b;
                    pix[np].y = y;
                    pix[np].x = x;
                    if (++np == EF_BLOCK) {
                        ef_block(p, input, weights, pix, np, sc);
                        ef_store(p, sc, np, vals, od);
                        ef_merge(q, od, pix, np, vals, prow);
                        np = 0;
                    }
                }
            }
            if (np > 0) {
                ef_block(p, input, weights, pix, np, sc);
                ef_store(p, sc, np, vals, od);
                ef_merge(q, od, pix, np, vals, prow);
            }
            int8_t *out = output + (b * q->out_h + py) * rowBytes;
            if (q->act_min == -128 && q->act_max == 127) {
                ef_copy(out, prow, rowBytes);
            } else {
                for (int32_t i = 0; i < rowBytes; i++) out[i] = ef_clamp8(prow[i], q->act_min, q->act_max);
            }
        }
    }
}

#endif

void earforge_conv_gemm(const earforge_conv_gemm_params *p, const int8_t *input, const int8_t *weights, int8_t *output,
                        int8_t *scratch)
{
    ef_scratch sc;
    sc.acc = (int32_t *)(void *)scratch;
    sc.cols = (int16_t *)(void *)(scratch + 24 * p->pairs);
    sc.patch = scratch + 24 * p->pairs + (p->direct ? 0 : 6 * p->chunk_pad);
    int8_t *end = sc.patch + (p->direct ? 0 : p->chunk_pad);
    /* junk: the columns when they are long enough (they are free once a block is multiplied), else its own bytes */
    const int cols_junk = !p->direct && 6 * p->chunk_pad >= p->out_depth;
    sc.junk = cols_junk ? (int8_t *)(void *)sc.cols : end;
    sc.vals = cols_junk ? end : end + p->out_depth;
    sc.prow = sc.vals + EF_BLOCK * p->out_depth;
#if EF_GEMM_POOL
    if (p->pool.h != 0) {
        ef_pooled(p, input, weights, output, &sc);
        return;
    }
#endif
#if EF_GEMM_DIRECT
    if (p->direct) {
        ef_direct(p, input, weights, output, &sc);
        return;
    }
#endif
    ef_plain(p, input, weights, output, &sc);
}
