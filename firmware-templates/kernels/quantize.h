/* quantize.h: QUANTIZE int8 -> int8 (requantization; earforge.kernels.Quantize). output may be input's buffer. */
#ifndef EARFORGE_QUANTIZE_H
#define EARFORGE_QUANTIZE_H

#include "earforge_params.h"

void earforge_quantize(const earforge_quantize_params *p, const int8_t *input, int8_t *output, int32_t size);

#endif /* EARFORGE_QUANTIZE_H */
