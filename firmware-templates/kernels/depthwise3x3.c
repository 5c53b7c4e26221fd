/*
 * depthwise3x3.c: DEPTHWISE_CONV_2D with a 3x3 filter, stride 1, no dilation, depth multiplier 1 (int8, per-channel
 * requantization): the integers of earforge.kernels.DepthwiseConv2D (TFLite's reference kernel), computed per
 * channel on a padded plane:
 *
 * - up to 4 channels of the input are copied into planes (scratch, plane_h x plane_w bytes each) whose border holds
 *   the input zero point, so padding taps add w * (zp + input_offset) = 0 as the reference's skip does, with the
 *   input offset folded into the bias by the generator;
 * - a channel's accumulators (without bias) are computed in 2x2 output blocks from 4 plane rows: on the DSP path one
 *   4-byte load and two SXTB16 per row give (x0, x2) and (x1, x3), and SMUAD / SMLAD / SMLABB / SMLATB take the
 *   filter row as (w0, w2) and w1; then the bias is added and the block is requantized and stored;
 * - an odd last row or column computes one output more from the plane's spare row and column, and does not store it.
 *
 * Channel c is read into its plane before any output of channel c is written, so the output may be the input
 * (same shape). Scratch: 4 planes, then int32 accumulators, 4 per block.
 */
#include "depthwise3x3.h"
#include "earforge_simd.h"

/* Optional path (the generator defines whether a model uses it; standalone, it is compiled). */
#ifndef EF_DW_GENERIC
#define EF_DW_GENERIC 1
#endif

/* What ef_dw_blocks reads (offsets fixed: the assembly uses them). */
typedef struct {
    int32_t w[6];        /* (w0, w2) of filter rows 0, 1, 2; then w1 of rows 0, 1, 2 (int16 in the low half) */
    const int8_t *plane; /* offset 24 */
    int32_t pw, nbx, nby;
    int32_t *acc;        /* offset 40: 4 per block, row-major blocks */
} ef_dw_job;

#if EF_DSP
/* acc of every 2x2 block: registers r2-r7 weights, r8-r11 accumulators, r0 plane, r1 row length; loop state on the
   stack: [sp] acc, [sp+4] blocks left in the row, [sp+8] block rows left, [sp+12] row advance, [sp+16] blocks per row */
__attribute__((naked, noinline)) static void ef_dw_blocks(const ef_dw_job *job __attribute__((unused)))
{
    __asm__ volatile(
        "push   {r4-r11, lr}\n\t"
        "sub    sp, sp, #20\n\t"
        "mov    r12, r0\n\t"
        "ldm    r12, {r2-r7}\n\t"
        "ldr    r0, [r12, #24]\n\t"
        "ldr    r1, [r12, #28]\n\t"
        "ldr    lr, [r12, #40]\n\t"
        "str    lr, [sp]\n\t"
        "ldr    lr, [r12, #36]\n\t"
        "str    lr, [sp, #8]\n\t"
        "ldr    lr, [r12, #32]\n\t"
        "str    lr, [sp, #16]\n\t"
        "lsl    r8, r1, #1\n\t"
        "sub    r8, r8, lr, lsl #1\n\t"
        "str    r8, [sp, #12]\n"
        "6:\n\t"
        "ldr    r12, [sp, #16]\n\t"
        "str    r12, [sp, #4]\n"
        "7:\n\t"
        "ldr    r12, [r0]\n\t"
        "sxtb16 lr, r12, ror #8\n\t"
        "sxtb16 r12, r12\n\t"
        "smuad  r8, r12, r2\n\t"
        "smlabb r8, lr, r5, r8\n\t"
        "smuad  r9, lr, r2\n\t"
        "smlatb r9, r12, r5, r9\n\t"
        "ldr    r12, [r0, r1]\n\t"
        "sxtb16 lr, r12, ror #8\n\t"
        "sxtb16 r12, r12\n\t"
        "smlad  r8, r12, r3, r8\n\t"
        "smlabb r8, lr, r6, r8\n\t"
        "smlad  r9, lr, r3, r9\n\t"
        "smlatb r9, r12, r6, r9\n\t"
        "smuad  r10, r12, r2\n\t"
        "smlabb r10, lr, r5, r10\n\t"
        "smuad  r11, lr, r2\n\t"
        "smlatb r11, r12, r5, r11\n\t"
        "ldr    r12, [r0, r1, lsl #1]\n\t"
        "sxtb16 lr, r12, ror #8\n\t"
        "sxtb16 r12, r12\n\t"
        "smlad  r8, r12, r4, r8\n\t"
        "smlabb r8, lr, r7, r8\n\t"
        "smlad  r9, lr, r4, r9\n\t"
        "smlatb r9, r12, r7, r9\n\t"
        "smlad  r10, r12, r3, r10\n\t"
        "smlabb r10, lr, r6, r10\n\t"
        "smlad  r11, lr, r3, r11\n\t"
        "smlatb r11, r12, r6, r11\n\t"
        "add    r12, r1, r1, lsl #1\n\t"
        "ldr    r12, [r0, r12]\n\t"
        "sxtb16 lr, r12, ror #8\n\t"
        "sxtb16 r12, r12\n\t"
        "smlad  r10, r12, r4, r10\n\t"
        "smlabb r10, lr, r7, r10\n\t"
        "smlad  r11, lr, r4, r11\n\t"
        "smlatb r11, r12, r7, r11\n\t"
        "ldr    r12, [sp]\n\t"
        "stmia  r12!, {r8-r11}\n\t"
        "str    r12, [sp]\n\t"
        "adds   r0, r0, #2\n\t"
        "ldr    r12, [sp, #4]\n\t"
        "subs   r12, r12, #1\n\t"
        "str    r12, [sp, #4]\n\t"
        "bne    7b\n\t"
        "ldr    r12, [sp, #12]\n\t"
        "add    r0, r0, r12\n\t"
        "ldr    r12, [sp, #8]\n\t"
        "subs   r12, r12, #1\n\t"
        "str    r12, [sp, #8]\n\t"
        "bne    6b\n\t"
        "add    sp, sp, #20\n\t"
        "pop    {r4-r11, pc}\n\t");
}
#endif

/* What ef_dw_store4 reads (offsets fixed: the assembly uses them). */
typedef struct {
    int32_t m, ra, e, b2;   /* ef_rq2 of the channel; twice its bias */
    int32_t d, row;         /* output strides of a column and a row */
    int32_t nfx, nfy;       /* whole 2x2 blocks per block row, whole block rows */
    int32_t half;           /* 1: each block row ends with a block of one column */
} ef_dw_store_job;

#if EF_DSP
/* One output: accumulator from [r0], requantized (mode 2, int8 range), stored at STORE. */
#define EF_DW_OUT(STORE) \
    "ldr    r10, [r0], #4\n\t" \
    "add    r10, r5, r10, lsl #1\n\t" \
    "smmlar r11, r10, r2, r3\n\t" \
    "add    r11, r11, r10, asr #31\n\t" \
    "asr    r11, r11, r4\n\t" \
    "ssat   r11, #8, r11\n\t" \
    "strb   r11, " STORE "\n\t"

/* Stores the whole block rows of a channel: r2-r5 ef_rq2 and twice the bias, r6 d, r7 row, r12 row + d,
   r8 blocks left in the row ([sp]: blocks per row), r9 block rows left, lr half. */
__attribute__((naked, noinline)) static void ef_dw_store4(const int32_t *acc __attribute__((unused)),
                                                          int8_t *out __attribute__((unused)),
                                                          const ef_dw_store_job *job __attribute__((unused)))
{
    __asm__ volatile(
        "push   {r4-r11, lr}\n\t"
        "ldm    r2, {r2, r3, r4, r5, r6, r7, r8, r9, lr}\n\t"
        "add    r12, r7, r6\n\t"
        "push   {r8}\n\t"
        "cmp    r9, #0\n\t"
        "beq    9f\n"
        "6:\n\t"
        "ldr    r8, [sp]\n\t"
        "cmp    r8, #0\n\t"
        "beq    8f\n"
        "7:\n\t"
        EF_DW_OUT("[r1]")
        EF_DW_OUT("[r1, r6]")
        EF_DW_OUT("[r1, r7]")
        EF_DW_OUT("[r1, r12]")
        "add    r1, r1, r6, lsl #1\n\t"
        "subs   r8, r8, #1\n\t"
        "bne    7b\n"
        "8:\n\t"
        "cmp    lr, #0\n\t"
        "beq    5f\n\t"
        EF_DW_OUT("[r1]")
        "add    r0, r0, #4\n\t"
        EF_DW_OUT("[r1, r7]")
        "add    r0, r0, #4\n\t"
        "add    r1, r1, r6\n"
        "5:\n\t"
        "add    r1, r1, r7\n\t"
        "subs   r9, r9, #1\n\t"
        "bne    6b\n"
        "9:\n\t"
        "add    sp, sp, #4\n\t"
        "pop    {r4-r11, pc}\n\t");
}
#endif

/* The accumulators (bias excluded) of channel c, whose plane is `plane`, into job->acc. */
static void ef_dw_channel(ef_dw_job *job, const int8_t *filter, int32_t c, int32_t d)
{
    const int8_t *f = filter + c;
#if EF_DSP
    for (int32_t ky = 0; ky < 3; ky++) {
        const int8_t *r = f + 3 * ky * d;
        job->w[ky] = (int32_t)(((uint32_t)(uint16_t)(int16_t)r[0]) | ((uint32_t)(uint16_t)(int16_t)r[2 * d] << 16));
        job->w[3 + ky] = r[d];
    }
    ef_dw_blocks(job);
#else
    int32_t *acc = job->acc;
    for (int32_t by = 0; by < job->nby; by++) {
        for (int32_t bx = 0; bx < job->nbx; bx++, acc += 4) {
            const int8_t *r = job->plane + 2 * by * job->pw + 2 * bx;
            for (int32_t i = 0; i < 4; i++) {
                uint32_t a = 0;   /* wraps as SMLAD does, without undefined behaviour */
                for (int32_t ky = 0; ky < 3; ky++) {
                    for (int32_t kx = 0; kx < 3; kx++) {
                        a += (uint32_t)(f[(3 * ky + kx) * d] * r[(i / 2 + ky) * job->pw + i % 2 + kx]);
                    }
                }
                acc[i] = (int32_t)a;
            }
        }
    }
#endif
}

/* Requantizes channel c's blocks (acc + bias) into the output. */
static void ef_dw_store(const earforge_depthwise3x3_params *p, const ef_dw_job *job, int32_t c, int8_t *out)
{
    const int32_t d = p->depth, oh = p->out_h, ow = p->out_w, row = ow * d, bias = p->bias[c];
    const int32_t *acc = job->acc;
    if (!EF_DW_GENERIC || (p->fast == 2 && p->act_min == -128 && p->act_max == 127)) {
        const ef_rq2 q = ef_rq2_init(p->multiplier[c], p->shift[c], p->output_offset);
        const int32_t b2 = (int32_t)((uint32_t)bias << 1);
        int32_t oy = 0;
#if EF_DSP
        ef_dw_store_job sj;
        sj.m = q.m;
        sj.ra = q.ra;
        sj.e = q.e;
        sj.b2 = b2;
        sj.d = d;
        sj.row = row;
        sj.nfx = ow / 2;
        sj.nfy = oh / 2;
        sj.half = ow & 1;
        ef_dw_store4(acc, out, &sj);
        oy = oh / 2 * 2;
        acc += 4 * (oh / 2) * ((ow + 1) / 2);
#endif
#define EF_PUT(i) ef_sat8(ef_rq2_apply2(q, (int32_t)((uint32_t)b2 + ((uint32_t)acc[i] << 1))))
        for (; oy < oh; oy += 2) {
            int8_t *o = out + oy * row;
            int32_t ox = 0;
            if (oh - oy > 1) {
                for (; ox + 1 < ow; ox += 2, acc += 4, o += 2 * d) {
                    o[0] = EF_PUT(0);
                    o[d] = EF_PUT(1);
                    o[row] = EF_PUT(2);
                    o[row + d] = EF_PUT(3);
                }
                if (ox < ow) {
                    o[0] = EF_PUT(0);
                    o[row] = EF_PUT(2);
                    acc += 4;
                }
            } else {
                for (; ox + 1 < ow; ox += 2, acc += 4, o += 2 * d) {
                    o[0] = EF_PUT(0);
                    o[d] = EF_PUT(1);
                }
                if (ox < ow) {
                    o[0] = EF_PUT(0);
                    acc += 4;
                }
            }
        }
#undef EF_PUT
        return;
    }
#if EF_DW_GENERIC
    for (int32_t oy = 0; oy < oh; oy += 2) {
        for (int32_t ox = 0; ox < ow; ox += 2, acc += 4) {
            for (int32_t i = 0; i < 4; i++) {
                const int32_t y = oy + i / 2, x = ox + i % 2;
                if (y >= oh || x >= ow) continue;
                const int32_t a = (int32_t)((uint32_t)acc[i] + (uint32_t)bias);
                const int32_t v = p->fast == 2 ? ef_rq2_apply(ef_rq2_init(p->multiplier[c], p->shift[c], p->output_offset), a)
                    : ef_requant_any(a, p->multiplier[c], p->shift[c], p->fast) + p->output_offset;
                out[y * row + x * d] = ef_clamp8(v, p->act_min, p->act_max);
            }
        }
    }
#endif
}

void earforge_depthwise3x3(const earforge_depthwise3x3_params *p, const int8_t *input, const int8_t *filter,
                           int8_t *output, int8_t *scratch)
{
    const int32_t d = p->depth, pw = p->plane_w, ps = pw * p->plane_h, oh = p->out_h, ow = p->out_w;
    int8_t *planes = scratch;
    ef_dw_job job;
    job.pw = pw;
    job.nbx = (ow + 1) / 2;
    job.nby = (oh + 1) / 2;
    job.acc = (int32_t *)(void *)(scratch + (4 * ps + 3) / 4 * 4);
    memset(planes, p->input_zero_point, (size_t)(4 * ps));
    for (int32_t b = 0; b < p->batches; b++) {
        for (int32_t c0 = 0; c0 < d; c0 += 4) {
            const int32_t nc = d - c0 < 4 ? d - c0 : 4;
            const int32_t ih = p->in_h, iw = p->in_w;
            for (int32_t y = 0; y < ih; y++) {
                const int8_t *src = input + ((b * ih + y) * iw) * d + c0;
                int8_t *restrict d0 = planes + (y + p->pad_h) * pw + p->pad_w;
                if (EF_DSP && nc == 4) {   /* one unaligned load for 4 channels (little-endian) */
                    int8_t *restrict d1 = d0 + ps, *restrict d2 = d1 + ps, *restrict d3 = d2 + ps;
                    for (int32_t x = 0; x < iw; x++, src += d) {
                        const uint32_t v = (uint32_t)ef_read32(src);
                        d0[x] = (int8_t)v;
                        d1[x] = (int8_t)(v >> 8);
                        d2[x] = (int8_t)(v >> 16);
                        d3[x] = (int8_t)(v >> 24);
                    }
                } else {
                    for (int32_t x = 0; x < iw; x++, src += d) {
                        for (int32_t i = 0; i < nc; i++) d0[x + i * ps] = src[i];
                    }
                }
            }
            for (int32_t i = 0; i < nc; i++) {
                job.plane = planes + i * ps;
                ef_dw_channel(&job, filter, c0 + i, d);
                ef_dw_store(p, &job, c0 + i, output + b * oh * ow * d + c0 + i);
            }
        }
    }
}
