/* tanh.c: earforge.kernels.Lut.apply with the table of earforge.kernels.Tanh (TFLite's int8 LUT path). */
#include "tanh.h"

void earforge_tanh(const earforge_tanh_params *p, const int8_t *input, int8_t *output, int32_t size)
{
    for (int32_t i = 0; i < size; i++) output[i] = p->lut[(uint8_t)input[i]];
}
