/* depthwise_conv2d.h: DEPTHWISE_CONV_2D, int8, filter [1, H, W, in_depth * multiplier]
   (earforge.kernels.DepthwiseConv2D). */
#ifndef EARFORGE_DEPTHWISE_CONV2D_H
#define EARFORGE_DEPTHWISE_CONV2D_H

#include "earforge_params.h"

/* Output channel c * depth_multiplier + m reads input channel c. bias may be NULL. */
void earforge_depthwise_conv2d(const earforge_depthwise_conv2d_params *p, const int8_t *input, const int8_t *filter,
                               const int32_t *bias, int8_t *output);

#endif /* EARFORGE_DEPTHWISE_CONV2D_H */
