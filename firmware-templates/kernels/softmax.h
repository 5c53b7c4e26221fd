/* softmax.h: SOFTMAX over the last dimension, int8 (earforge.kernels.Softmax); output scale 1/256, zero point -128. */
#ifndef EARFORGE_SOFTMAX_H
#define EARFORGE_SOFTMAX_H

#include "earforge_params.h"

void earforge_softmax(const earforge_softmax_params *p, const int8_t *input, int8_t *output);

#endif /* EARFORGE_SOFTMAX_H */
