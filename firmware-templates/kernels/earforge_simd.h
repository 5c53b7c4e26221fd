/*
 * earforge_simd.h: what the fast kernels (conv_gemm, depthwise3x3) share. On a core with the Arm DSP extension
 * (Cortex-M4, M7, M33 with DSP: __ARM_FEATURE_DSP, unless EARFORGE_NO_DSP is defined) they use SXTB16 / SMLAD /
 * SSAT; elsewhere the same loops run in portable C. Both paths compute the same integers, so the bytes agree.
 *
 * The requantization is earforge_quant.h's multiplyByQuantizedMultiplier for a right shift, folded into one 64-bit
 * multiply-add and one shift (see ef_requant); the generator uses it only where that identity holds.
 */
#ifndef EARFORGE_SIMD_H
#define EARFORGE_SIMD_H

#include <stdint.h>
#include <string.h>

#include "earforge_quant.h"

#if defined(__ARM_FEATURE_DSP) && !defined(EARFORGE_NO_DSP)
#define EF_DSP 1
#include <arm_acle.h>
#else
#define EF_DSP 0
#endif

/* 4 bytes from any address (the compiler emits one LDR where unaligned loads are allowed). */
static inline int32_t ef_read32(const void *p)
{
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

#if EF_DSP
/* Bytes 1 and 3 of x, sign-extended into two halfwords (SXTB16 with its free rotation). */
static inline int32_t ef_sxtb16_ror8(int32_t x)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}
#endif

/*
 * roundingDivideByPOT(saturatingRoundingDoublingHighMul(acc, m), e) for 2^30 < m < 2^31 and 1 <= e <= 31, exactly:
 * the high multiply is floor((acc*m + 2^30) / 2^31) for either sign (its nudge and truncation toward zero combine
 * into this), the rounding shift is floor((r + 2^(e-1) - [r < 0]) / 2^e), and r < 0 exactly when acc < 0 (as
 * m > 2^30). Nested floors of divisions by powers of two are one floor, so the result is
 * floor((acc*m + 2^30 + 2^(30+e) - [acc < 0] 2^31) / 2^(31+e)): the high word of one 64-bit sum, shifted by e-1.
 * No 64-bit overflow: |acc*m| < 2^62 and the constants are below 2^62.
 */
static inline int32_t ef_requant(int32_t acc, int32_t m, int32_t e)
{
    const int64_t k = ((int64_t)1 << 30) + ((int64_t)1 << (30 + e)) - (acc < 0 ? ((int64_t)1 << 31) : 0);
    return (int32_t)(((int64_t)acc * m + k) >> 32) >> (e - 1);
}

/* ef_requant with the channel's constants hoisted: k = 2^30 + 2^(30+e), sh = e - 1 (ef_rq_init). */
typedef struct {
    int64_t k;
    int32_t m, sh;
} ef_rq;

static inline ef_rq ef_rq_init(int32_t m, int32_t e)
{
    ef_rq r;
    r.k = ((int64_t)1 << 30) + ((int64_t)1 << (30 + e));
    r.m = m;
    r.sh = e - 1;
    return r;
}

static inline int32_t ef_rq_apply(ef_rq r, int32_t acc)
{
    return (int32_t)(((int64_t)acc * r.m + r.k - (acc < 0 ? ((int64_t)1 << 31) : 0)) >> 32) >> r.sh;
}

/* floor((2^32 ra + a*b + 2^31) / 2^32): SMMLAR. The callers keep the 64-bit sum and the result within range. */
static inline int32_t ef_smmlar(int32_t a, int32_t b, int32_t ra)
{
#if EF_DSP
    int32_t r;
    __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(ra));
    return r;
#else
    return (int32_t)(((int64_t)a * b + ((int64_t)1 << 31)) >> 32) + ra;
#endif
}

/*
 * The generator's mode 2 (ef_rq2): ef_requant plus the output offset, when moreover |acc| < 2^30 (bounded from the
 * weights and bias), e <= 22 and so 2^(e-1) + offset * 2^e fits: the high multiply is floor((2 acc m + 2^31) / 2^32)
 * (SMMLAR of 2 acc), which adds ra = 2^(e-1) + offset 2^e; subtracting [acc < 0] and shifting by e completes the
 * rounding shift, and the offset, a multiple of 2^e, passes through the floor.
 */
typedef struct {
    int32_t m, ra, e;
} ef_rq2;

static inline ef_rq2 ef_rq2_init(int32_t m, int32_t e, int32_t offset)
{
    ef_rq2 r;
    r.m = m;
    r.ra = (int32_t)((1u << (e - 1)) + (uint32_t)offset * (1u << e));
    r.e = e;
    return r;
}

/* ef_rq2 of acc, given t = 2 acc (callers fold a doubled bias into it); t has acc's sign. */
static inline int32_t ef_rq2_apply2(ef_rq2 r, int32_t t)
{
    return (ef_smmlar(t, r.m, r.ra) + (t >> 31)) >> r.e;
}

static inline int32_t ef_rq2_apply(ef_rq2 r, int32_t acc)
{
    return ef_rq2_apply2(r, (int32_t)((uint32_t)acc << 1));
}

/* Sets n bytes to v (small n: words, then bytes; no library call). */
static inline void ef_fill(int8_t *dst, int8_t v, int32_t n)
{
    uint32_t w = (uint32_t)(uint8_t)v * 0x01010101u;
#ifdef __GNUC__
    __asm__("" : "+r"(w));   /* keeps these few stores inline (no call to memset for a handful of bytes) */
#endif
    for (; n >= 4; n -= 4, dst += 4) memcpy(dst, &w, sizeof w);
    for (; n > 0; n--) *dst++ = (int8_t)w;
}

/* Copies n bytes (small n: words, then bytes; no library call). */
static inline void ef_copy(int8_t *dst, const int8_t *src, int32_t n)
{
    for (; n >= 4; n -= 4, dst += 4, src += 4) {
        const int32_t v = ef_read32(src);
        memcpy(dst, &v, sizeof v);
    }
    for (; n > 0; n--) *dst++ = *src++;
}

/* Requantize one accumulator: fast mode (e = shift >= 1 as above) or the reference routine (shift as TFLite's). */
static inline int32_t ef_requant_any(int32_t acc, int32_t m, int32_t shift, int32_t fast)
{
    return fast ? ef_requant(acc, m, shift) : multiplyByQuantizedMultiplier(acc, m, shift);
}

static inline int8_t ef_clamp8(int32_t v, int32_t lo, int32_t hi)
{
    return (int8_t)(v < lo ? lo : (v > hi ? hi : v));
}

/* Saturate to int8 (SSAT on the DSP path). */
static inline int8_t ef_sat8(int32_t v)
{
#if EF_DSP
    int32_t r;
    __asm__("ssat %0, #8, %1" : "=r"(r) : "r"(v));
    return (int8_t)r;
#else
    return ef_clamp8(v, -128, 127);
#endif
}

#endif /* EARFORGE_SIMD_H */
