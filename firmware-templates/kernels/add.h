/* add.h: ADD with broadcasting and fused activation, int8 (earforge.kernels.Add). output may be input1's buffer when input1 has the output's shape. */
#ifndef EARFORGE_ADD_H
#define EARFORGE_ADD_H

#include "earforge_params.h"

void earforge_add(const earforge_add_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

#endif /* EARFORGE_ADD_H */
