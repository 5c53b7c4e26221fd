/* quantize.c: earforge.kernels.Quantize.requantize for int8 -> int8 (TFLite reference_ops::Requantize). */
#include "quantize.h"
#include "earforge_quant.h"

void earforge_quantize(const earforge_quantize_params *p, const int8_t *input, int8_t *output, int32_t size)
{
    for (int32_t i = 0; i < size; i++) {
        const int32_t q = multiplyByQuantizedMultiplier(input[i] - p->input_zero_point, p->multiplier, p->shift)
            + p->output_zero_point;
        output[i] = (int8_t)clamp(q, p->out_min, p->out_max);
    }
}
