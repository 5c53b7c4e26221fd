/* conv_gemm.h: CONV_2D / FULLY_CONNECTED as blocked matrix products, optional fused MAX_POOL_2D (see conv_gemm.c). */
#ifndef EARFORGE_CONV_GEMM_H
#define EARFORGE_CONV_GEMM_H

#include "earforge_params.h"

/* weights: the generator's reordered table (word-aligned); scratch: word-aligned, as conv_gemm.c lays it out. */
void earforge_conv_gemm(const earforge_conv_gemm_params *p, const int8_t *input, const int8_t *weights, int8_t *output,
                        int8_t *scratch);

#endif /* EARFORGE_CONV_GEMM_H */
