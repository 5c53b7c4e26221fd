/* tanh.h: TANH, int8, through the 256-entry table the generator computed (earforge.kernels.Tanh, Lut). output may be input's buffer. */
#ifndef EARFORGE_TANH_H
#define EARFORGE_TANH_H

#include "earforge_params.h"

void earforge_tanh(const earforge_tanh_params *p, const int8_t *input, int8_t *output, int32_t size);

#endif /* EARFORGE_TANH_H */
