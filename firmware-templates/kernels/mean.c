/*
 * mean.c: earforge.kernels.Mean.evalInt8 (TFLite reference_integer_ops::Mean / Reduce). Instead of the Java
 * loop's scratch array of sums, each output element sums its own inputs (no scratch memory); integer sums do
 * not depend on the order.
 */
#include "mean.h"
#include "earforge_quant.h"

void earforge_mean(const earforge_mean_params *p, const int8_t *input, int8_t *output)
{
    const int32_t rank = p->in_shape_length;
    for (int32_t o = 0; o < p->out_elements; o++) {
        /* input offset of the first element reduced into o: kept axes take o's coordinates */
        int32_t base = 0;
        for (int32_t d = rank - 1, stride = 1; d >= 0; stride *= p->in_shape[d], d--) {
            if (p->out_stride[d] != 0) base += (o / p->out_stride[d]) % p->in_shape[d] * stride;
        }
        int32_t sum = 0;
        for (int32_t r = 0; r < p->count; r++) {
            int32_t offset = 0, rest = r;
            for (int32_t d = rank - 1, stride = 1; d >= 0; stride *= p->in_shape[d], d--) {
                if (p->out_stride[d] == 0) {
                    offset += rest % p->in_shape[d] * stride;
                    rest /= p->in_shape[d];
                }
            }
            sum += input[base + offset];
        }
        const int32_t shifted = (int32_t)(sum - (int64_t)p->input_zero_point * p->count);
        const int32_t q = multiplyByQuantizedMultiplier(shifted, p->multiplier, p->shift) + p->output_zero_point;
        output[o] = (int8_t)clamp(q, -128, 127);
    }
}
