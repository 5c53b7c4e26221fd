/* relu.h: RELU and RELU6 with requantization, int8 (earforge.kernels.Relu, Relu6). output may be input's buffer. */
#ifndef EARFORGE_RELU_H
#define EARFORGE_RELU_H

#include "earforge_params.h"

void earforge_relu(const earforge_relu_params *p, const int8_t *input, int8_t *output, int32_t size);

#endif /* EARFORGE_RELU_H */
