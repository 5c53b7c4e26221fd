/* softmax.c: the loop of earforge.kernels.Softmax.evalInt8 (TFLite reference_ops::Softmax, gemmlowp fixed point). */
#include "softmax.h"
#include "earforge_quant.h"
#include "fixed_point.h"

#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12

/* The difference to the row maximum in Q5.26 (no overflow: diff >= diff_min). */
static int32_t scaled_diff(const earforge_softmax_params *p, int32_t diff)
{
    return saturatingRoundingDoublingHighMul(diff * (1 << p->input_left_shift), p->input_multiplier);
}

void earforge_softmax(const earforge_softmax_params *p, const int8_t *input, int8_t *output)
{
    const int32_t depth = p->depth;
    for (int32_t i = 0; i < p->outer; i++) {
        const int8_t *in = input + i * depth;
        int8_t *out = output + i * depth;
        int32_t max = -128;
        for (int32_t c = 0; c < depth; c++) if (in[c] > max) max = in[c];
        int32_t sum_of_exps = 0;   /* Q12.19 */
        for (int32_t c = 0; c < depth; c++) {
            const int32_t diff = in[c] - max;
            if (diff >= p->diff_min) {
                const int32_t e = expOnNegativeValues(scaled_diff(p, diff), SCALED_DIFF_INTEGER_BITS);
                sum_of_exps += rescale(e, 0, ACCUMULATION_INTEGER_BITS);
            }
        }
        int32_t num_bits_over_unit;
        const int32_t rec = reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS, &num_bits_over_unit);
        const int32_t shift = num_bits_over_unit + 31 - 8;
        for (int32_t c = 0; c < depth; c++) {
            const int32_t diff = in[c] - max;
            int32_t q = -128;
            if (diff >= p->diff_min) {
                const int32_t e = expOnNegativeValues(scaled_diff(p, diff), SCALED_DIFF_INTEGER_BITS);
                const int32_t unsat = roundingDivideByPOT(fixedMul(rec, e), shift);
                q = clamp(unsat - 128, -128, 127);
            }
            out[c] = (int8_t)q;
        }
    }
}
