/*
 * fixed_point.h: the scalar int32 subset of gemmlowp's fixedpoint.h used by the softmax reference kernel, the C
 * version of earforge.kernels.FixedPoint under the same names. A value is its raw int32 with an implied number of
 * integer bits m (Qm.(31-m)); callers track m.
 */
#ifndef EARFORGE_FIXED_POINT_H
#define EARFORGE_FIXED_POINT_H

#include <stdint.h>

#include "earforge_quant.h"

#define FIXED_POINT_ONE_Q0 INT32_MAX   /* 1.0 in Q0.31, saturated */

/* x * 2^exponent: saturating left shift for exponent > 0, rounding right shift for exponent < 0. */
static inline int32_t saturatingRoundingMultiplyByPOT(int32_t x, int32_t exponent)
{
    if (exponent == 0) return x;
    if (exponent < 0) return roundingDivideByPOT(x, -exponent);
    const int32_t threshold = (int32_t)(((uint32_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
}

/* Changes the integer bits of a value from src_bits to dst_bits (gemmlowp::Rescale). */
static inline int32_t rescale(int32_t raw, int32_t src_bits, int32_t dst_bits)
{
    return saturatingRoundingMultiplyByPOT(raw, src_bits - dst_bits);
}

/* Fixed-point product: integer bits add up. */
static inline int32_t fixedMul(int32_t a, int32_t b)
{
    return saturatingRoundingDoublingHighMul(a, b);
}

/* (a + b) / 2 rounded half away from zero, in 64 bits. */
static inline int32_t roundingHalfSum(int32_t a, int32_t b)
{
    const int64_t sum = (int64_t)a + b;
    const int64_t sign = sum >= 0 ? 1 : -1;
    return (int32_t)((sum + sign) / 2);
}

/* exp(a) for a in [-1/4, 0), a and result in Q0.31: Taylor expansion around -1/8. */
static inline int32_t expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int32_t a)
{
    const int32_t constant_term = 1895147668;      /* exp(-1/8) */
    const int32_t constant_one_third = 715827883;  /* 1/3 */
    const int32_t x = a + (1 << 28);               /* a + 1/8 */
    const int32_t x2 = fixedMul(x, x);
    const int32_t x3 = fixedMul(x2, x);
    const int32_t x4 = fixedMul(x2, x2);
    const int32_t x4_over_4 = saturatingRoundingMultiplyByPOT(x4, -2);
    const int32_t poly = saturatingRoundingMultiplyByPOT(fixedMul(x4_over_4 + x3, constant_one_third) + x2, -1);
    return constant_term + fixedMul(constant_term, x + poly);
}

/* exp(a) for a <= 0 given in Q{integer_bits}; result in Q0.31 (gemmlowp::exp_on_negative_values). */
static inline int32_t expOnNegativeValues(int32_t a, int32_t integer_bits)
{
    static const int32_t multipliers[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int32_t fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
    const int32_t mask = one_quarter - 1;
    const int32_t a_mod_quarter_minus_one_quarter = (a & mask) - one_quarter;
    int32_t result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(a_mod_quarter_minus_one_quarter, integer_bits, 0));
    const int32_t remainder = a_mod_quarter_minus_one_quarter - a;
    /* barrel shifter: multiply by exp(-2^k) for every bit k of the remaining multiple of 1/4 */
    for (int32_t k = -2; k <= 4; k++) {
        if (integer_bits > k && (remainder & (int32_t)((uint32_t)1 << (fractional_bits + k))) != 0) {
            result = fixedMul(result, multipliers[k + 2]);
        }
    }
    if (integer_bits > 5) {
        const int32_t clamp_at = -((int32_t)1 << (36 - integer_bits));   /* -32.0 */
        if (a < clamp_at) result = 0;
    }
    return a == 0 ? FIXED_POINT_ONE_Q0 : result;
}

/* 1 / (1 + a) for a in [0, 1), a and result in Q0.31: three Newton-Raphson steps in Q2.29. */
static inline int32_t oneOverOnePlusXForXIn01(int32_t a)
{
    const int32_t half_denominator = roundingHalfSum(a, FIXED_POINT_ONE_Q0);
    const int32_t constant_48_over_17 = 1515870810;
    const int32_t constant_neg_32_over_17 = -1010580540;
    const int32_t one_q2 = (int32_t)1 << 29;
    int32_t x = constant_48_over_17 + fixedMul(half_denominator, constant_neg_32_over_17);
    for (int i = 0; i < 3; i++) {
        const int32_t half_denominator_times_x = fixedMul(half_denominator, x);
        const int32_t one_minus_half_denominator_times_x = one_q2 - half_denominator_times_x;
        x = x + rescale(fixedMul(x, one_minus_half_denominator_times_x), 4, 2);
    }
    return rescale(x, 1, 0);
}

/* Number of leading zero bits of a 32-bit value (32 for 0), as Java's Integer.numberOfLeadingZeros. */
static inline int32_t numberOfLeadingZeros(uint32_t x)
{
    int32_t n = 0;
    if (x == 0) return 32;
    while (!(x & 0x80000000u)) { x <<= 1; n++; }
    return n;
}

/* 1 / x for x > 0 in Q{x_integer_bits} (TFLite's GetReciprocal): the reciprocal in Q0.31 scaled by
   2^-num_bits_over_unit, stored to *num_bits_over_unit. */
static inline int32_t reciprocal(int32_t x, int32_t x_integer_bits, int32_t *num_bits_over_unit)
{
    const int32_t headroom_plus_one = numberOfLeadingZeros((uint32_t)x);
    *num_bits_over_unit = x_integer_bits - headroom_plus_one;
    const int32_t shifted_sum_minus_one = (int32_t)(((uint32_t)x << headroom_plus_one) - 0x80000000u);
    return oneOverOnePlusXForXIn01(shifted_sum_minus_one);
}

#endif /* EARFORGE_FIXED_POINT_H */
