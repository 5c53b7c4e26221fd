/* mean.h: MEAN over any set of axes, int8 (earforge.kernels.Mean). */
#ifndef EARFORGE_MEAN_H
#define EARFORGE_MEAN_H

#include "earforge_params.h"

void earforge_mean(const earforge_mean_params *p, const int8_t *input, int8_t *output);

#endif /* EARFORGE_MEAN_H */
