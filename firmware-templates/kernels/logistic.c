/* logistic.c: earforge.kernels.Lut.apply with the table of earforge.kernels.Logistic (TFLite's int8 LUT path). */
#include "logistic.h"

void earforge_logistic(const earforge_logistic_params *p, const int8_t *input, int8_t *output, int32_t size)
{
    for (int32_t i = 0; i < size; i++) output[i] = p->lut[(uint8_t)input[i]];
}
