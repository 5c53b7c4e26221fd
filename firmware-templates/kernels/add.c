/* add.c: the loop of earforge.kernels.Add.evalInt8 (TFLite reference_integer_ops::AddFunc). */
#include "add.h"
#include "broadcast.h"
#include "earforge_quant.h"

void earforge_add(const earforge_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output)
{
    const int32_t n = broadcast_size(&p->broadcast);
    for (int32_t o = 0; o < n; o++) {
        int32_t i1, i2;
        broadcast_offsets(&p->broadcast, o, &i1, &i2);
        /* |x - zp| <= 255, so x * 2^20 stays below 2^28 */
        const int32_t v1 = (input1[i1] + p->input1_offset) * (1 << p->left_shift);
        const int32_t v2 = (input2[i2] + p->input2_offset) * (1 << p->left_shift);
        const int32_t s1 = multiplyByQuantizedMultiplier(v1, p->input1_multiplier, p->input1_shift);
        const int32_t s2 = multiplyByQuantizedMultiplier(v2, p->input2_multiplier, p->input2_shift);
        const int32_t r = multiplyByQuantizedMultiplier(s1 + s2, p->output_multiplier, p->output_shift) + p->output_offset;
        output[o] = (int8_t)clamp(r, p->act_min, p->act_max);
    }
}
