/* max_pool2d.h: MAX_POOL_2D, int8 (earforge.kernels.MaxPool2D). */
#ifndef EARFORGE_MAX_POOL2D_H
#define EARFORGE_MAX_POOL2D_H

#include "earforge_params.h"

/* Maximum over the in-bounds part of each window. */
void earforge_max_pool2d(const earforge_max_pool2d_params *p, const int8_t *input, int8_t *output);

#endif /* EARFORGE_MAX_POOL2D_H */
