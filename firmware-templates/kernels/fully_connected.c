/* fully_connected.c: the loop of earforge.kernels.FullyConnected.evalInt8 (TFLM reference_integer_ops). */
#include "fully_connected.h"
#include "earforge_quant.h"

void earforge_fully_connected(const earforge_fully_connected_params *p, const int8_t *input, const int8_t *filter,
                              const int32_t *bias, int8_t *output)
{
    const int32_t depth = p->accum_depth;
    for (int32_t b = 0; b < p->batches; b++) {
        const int8_t *in = input + b * depth;
        for (int32_t o = 0; o < p->out_depth; o++) {
            const int8_t *w = filter + o * depth;
            int32_t acc = 0;
            for (int32_t d = 0; d < depth; d++) {
                acc += (w[d] + p->filter_offset) * (in[d] + p->input_offset);
            }
            if (bias) acc += bias[o];
            acc = multiplyByQuantizedMultiplier(acc, p->multiplier[o], p->shift[o]) + p->output_offset;
            output[b * p->out_depth + o] = (int8_t)clamp(acc, p->act_min, p->act_max);
        }
    }
}
