/* fully_connected.h: FULLY_CONNECTED, int8 (earforge.kernels.FullyConnected). */
#ifndef EARFORGE_FULLY_CONNECTED_H
#define EARFORGE_FULLY_CONNECTED_H

#include "earforge_params.h"

/* output[b][o] = clamp(requantize(sum_d (filter[o][d] + filter_offset) * (input[b][d] + input_offset) + bias[o])).
   bias may be NULL. */
void earforge_fully_connected(const earforge_fully_connected_params *p, const int8_t *input, const int8_t *filter,
                              const int32_t *bias, int8_t *output);

#endif /* EARFORGE_FULLY_CONNECTED_H */
