/* leaky_relu.c: the loop of earforge.kernels.LeakyRelu.evalInt8 (TFLite reference_ops::QuantizeLeakyRelu). */
#include "leaky_relu.h"
#include "earforge_quant.h"

void earforge_leaky_relu(const earforge_leaky_relu_params *p, const int8_t *input, int8_t *output, int32_t size)
{
    for (int32_t i = 0; i < size; i++) {
        const int32_t x = input[i] - p->input_zero_point;
        const int32_t r = x >= 0
            ? multiplyByQuantizedMultiplier(x, p->identity_multiplier, p->identity_shift)
            : multiplyByQuantizedMultiplier(x, p->alpha_multiplier, p->alpha_shift);
        output[i] = (int8_t)clamp(r + p->output_zero_point, -128, 127);
    }
}
