/* logistic.h: LOGISTIC, int8, through the 256-entry table the generator computed (earforge.kernels.Logistic, Lut). output may be input's buffer. */
#ifndef EARFORGE_LOGISTIC_H
#define EARFORGE_LOGISTIC_H

#include "earforge_params.h"

void earforge_logistic(const earforge_logistic_params *p, const int8_t *input, int8_t *output, int32_t size);

#endif /* EARFORGE_LOGISTIC_H */
