/* average_pool2d.h: AVERAGE_POOL_2D, int8 (earforge.kernels.AveragePool2D). */
#ifndef EARFORGE_AVERAGE_POOL2D_H
#define EARFORGE_AVERAGE_POOL2D_H

#include "earforge_params.h"

/* Mean over the in-bounds part of each window (padding not counted), rounded half away from zero. */
void earforge_average_pool2d(const earforge_average_pool2d_params *p, const int8_t *input, int8_t *output);

#endif /* EARFORGE_AVERAGE_POOL2D_H */
