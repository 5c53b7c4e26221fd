/* conv2d.h: CONV_2D, int8, NHWC input, OHWI filter, per-channel requantization (earforge.kernels.Conv2D). */
#ifndef EARFORGE_CONV2D_H
#define EARFORGE_CONV2D_H

#include "earforge_params.h"

/* filter_depth = input channels per group (the input depth unless grouped). bias may be NULL. */
void earforge_conv2d(const earforge_conv2d_params *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                     int8_t *output);

#endif /* EARFORGE_CONV2D_H */
