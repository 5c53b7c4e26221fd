/* leaky_relu.h: LEAKY_RELU, int8 (earforge.kernels.LeakyRelu). output may be input's buffer. */
#ifndef EARFORGE_LEAKY_RELU_H
#define EARFORGE_LEAKY_RELU_H

#include "earforge_params.h"

void earforge_leaky_relu(const earforge_leaky_relu_params *p, const int8_t *input, int8_t *output, int32_t size);

#endif /* EARFORGE_LEAKY_RELU_H */
