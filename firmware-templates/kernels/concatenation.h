/* concatenation.h: CONCATENATION along one axis, int8 (earforge.kernels.Concatenation): block copies. */
#ifndef EARFORGE_CONCATENATION_H
#define EARFORGE_CONCATENATION_H

#include "earforge_params.h"

void earforge_concatenation(const earforge_concatenation_params *p, const int8_t *const *inputs, int8_t *output);

#endif /* EARFORGE_CONCATENATION_H */
