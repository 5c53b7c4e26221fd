/*
 * earforge_quant.h: integer arithmetic of the TFLite quantization spec, the C versions of
 * earforge.kernels.QuantMath under the same names (double rounding as in TFLM's reference kernels).
 * QuantizeMultiplier and the activation ranges run in the generator: their results are constants in model.c.
 *
 * Assumes what gcc and clang guarantee on every target earforge supports: >> on a negative int32_t is an
 * arithmetic shift, and converting an out-of-range unsigned value to int32_t wraps (as Java's int does).
 */
#ifndef EARFORGE_QUANT_H
#define EARFORGE_QUANT_H

#include <stdint.h>

/* (a * b * 2) >> 32, rounded to nearest; saturates the single overflow case INT32_MIN * INT32_MIN. */
static inline int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));   /* C99 division truncates toward zero, as Java's */
}

/* Arithmetic right shift by exponent (0..31), rounding half away from zero. */
static inline int32_t roundingDivideByPOT(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^shift with double rounding; the left shift wraps like Java's int multiply. */
static inline int32_t multiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t shifted = (int32_t)((uint32_t)x << left);
    return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), right);
}

/* Same for a 64-bit accumulator (QuantMath.multiplyByQuantizedMultiplier(long, int, int); int16 paths). */
static inline int32_t multiplyByQuantizedMultiplier64(int64_t x, int32_t multiplier, int32_t shift)
{
    const int64_t total_shift = 31 - shift;
    const int64_t round = (int64_t)1 << (total_shift - 1);
    int64_t result = x * (int64_t)multiplier + round;
    result = result >> total_shift;
    if (result < INT32_MIN) return INT32_MIN;
    if (result > INT32_MAX) return INT32_MAX;
    return (int32_t)result;
}

static inline int32_t clamp(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

#endif /* EARFORGE_QUANT_H */
