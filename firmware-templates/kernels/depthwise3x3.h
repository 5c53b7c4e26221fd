/* depthwise3x3.h: DEPTHWISE_CONV_2D 3x3, stride 1, multiplier 1, channel by channel on a padded plane (depthwise3x3.c). */
#ifndef EARFORGE_DEPTHWISE3X3_H
#define EARFORGE_DEPTHWISE3X3_H

#include "earforge_params.h"

/* filter: the model's [1][3][3][depth] table; scratch: plane_h * plane_w bytes. */
void earforge_depthwise3x3(const earforge_depthwise3x3_params *p, const int8_t *input, const int8_t *filter,
                           int8_t *output, int8_t *scratch);

#endif /* EARFORGE_DEPTHWISE3X3_H */
