/* relu.c: the loop of earforge.kernels.Relu.evalInt8 (RELU and RELU6; TFLite ReluQuantized). */
#include "relu.h"
#include "earforge_quant.h"

void earforge_relu(const earforge_relu_params *p, const int8_t *input, int8_t *output, int32_t size)
{
    for (int32_t i = 0; i < size; i++) {
        const int32_t r = p->output_zero_point
            + multiplyByQuantizedMultiplier(input[i] - p->input_zero_point, p->output_multiplier, p->output_shift);
        output[i] = (int8_t)clamp(r, p->act_min, p->act_max);
    }
}
