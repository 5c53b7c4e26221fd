/* mul.h: MUL with broadcasting and fused activation, int8 (earforge.kernels.Mul). output may be input1's buffer when input1 has the output's shape. */
#ifndef EARFORGE_MUL_H
#define EARFORGE_MUL_H

#include "earforge_params.h"

void earforge_mul(const earforge_mul_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

#endif /* EARFORGE_MUL_H */
