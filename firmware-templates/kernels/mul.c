/* mul.c: the loop of earforge.kernels.Mul.evalInt8 (TFLite reference_integer_ops::MulElementwise). */
#include "mul.h"
#include "broadcast.h"
#include "earforge_quant.h"

void earforge_mul(const earforge_mul_params *p, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    const int32_t n = broadcast_size(&p->broadcast);
    for (int32_t o = 0; o < n; o++) {
        int32_t i1, i2;
        broadcast_offsets(&p->broadcast, o, &i1, &i2);
        const int32_t prod = (input1[i1] + p->input1_offset) * (input2[i2] + p->input2_offset);
        const int32_t r = multiplyByQuantizedMultiplier(prod, p->output_multiplier, p->output_shift) + p->output_offset;
        output[o] = (int8_t)clamp(r, p->act_min, p->act_max);
    }
}
